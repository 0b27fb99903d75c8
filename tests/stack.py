"""The stack as infra/ defines it, read the way CloudFormation would: for tests and the bench.

`create_table` makes a table in moto (or any DynamoDB) from the very definition production uses,
so the contract suite runs against the same keys, TTL attribute and settings.
"""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "infra" / "resources.yml"


class TemplateLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags (!Ref, !Sub, !GetAtt, …) as their long forms."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {suffix if suffix in ("Ref", "Condition") else f"Fn::{suffix}": value}


TemplateLoader.add_multi_constructor("!", _intrinsic)


def load_template(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=TemplateLoader)


@cache
def resources() -> dict:
    return load_template(RESOURCES)["Resources"]


def create_table(client: Any, name: str) -> None:
    """Creates the table as infra/resources.yml declares it: keys, billing, TTL, backups."""
    table = resources()["Table"]["Properties"]
    client.create_table(
        TableName=name,
        AttributeDefinitions=table["AttributeDefinitions"],
        KeySchema=table["KeySchema"],
        BillingMode=table["BillingMode"],
        SSESpecification={"Enabled": table["SSESpecification"]["SSEEnabled"]},
        DeletionProtectionEnabled=table["DeletionProtectionEnabled"],
        **(
            {"GlobalSecondaryIndexes": table["GlobalSecondaryIndexes"]}
            if "GlobalSecondaryIndexes" in table
            else {}
        ),
    )
    client.get_waiter("table_exists").wait(TableName=name)
    client.update_time_to_live(
        TableName=name, TimeToLiveSpecification=table["TimeToLiveSpecification"]
    )
    client.update_continuous_backups(
        TableName=name,
        PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": table["PointInTimeRecoverySpecification"][
                "PointInTimeRecoveryEnabled"
            ]
        },
    )
