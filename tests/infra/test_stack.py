"""The AWS stack checked offline: Chalice packages it, cfn-lint accepts it, it says what we mean."""

import fnmatch
import json
import os
import subprocess
import sys
from pathlib import Path

import dukpy
import pytest

from chalicelib.queue import routes as queue_routes
from chalicelib.release import figures_routes
from chalicelib.storage.dynamodb import TTL_ATTRIBUTE
from chalicelib.web import api
from chalicelib.web.problems import Problem
from tests.stack import ROOT, load_template, resources

BIN = Path(sys.executable).parent


def package(out: Path) -> Path:
    """`make package` without make: the template Chalice writes, with infra/resources.yml merged."""
    env = {**os.environ, "AWS_DEFAULT_REGION": "eu-central-1", "BLIZEJ_STAFF_AUTH": "cognito"}
    subprocess.run(
        [
            str(BIN / "chalice"),
            "package",
            "--stage",
            "prod",
            "--pkg-format",
            "cloudformation",
            "--template-format",
            "yaml",
            "--merge-template",
            str(ROOT / "infra" / "resources.yml"),
            str(out),
        ],
        cwd=ROOT / "functions",
        env=env,
        check=True,
        capture_output=True,
    )
    return out / "sam.yaml"


@pytest.fixture(scope="module")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return package(tmp_path_factory.mktemp("stack") / "out")


@pytest.fixture(scope="module")
def template(template_path: Path) -> dict:
    return load_template(template_path)


def test_cfn_lint_finds_nothing_in_the_packaged_stack(template_path):
    result = subprocess.run(
        [str(BIN / "cfn-lint"), "--format", "parseable", str(template_path)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_cfn_lint_is_able_to_fail(template_path, tmp_path):
    broken = tmp_path / "broken.yaml"
    text = template_path.read_text().replace("PointInTimeRecoveryEnabled", "PointInTimeRecovery")
    broken.write_text(text)

    result = subprocess.run([str(BIN / "cfn-lint"), str(broken)], capture_output=True, text=True)

    assert result.returncode != 0


def statements(template: dict) -> list[tuple[str, dict]]:
    found = []
    for name, resource in template["Resources"].items():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::IAM::Role":
            for policy in properties.get("Policies", []):
                found += [(name, s) for s in policy["PolicyDocument"]["Statement"]]
        if resource["Type"].endswith(("::Policy", "::BucketPolicy", "::ManagedPolicy")):
            found += [(name, s) for s in properties["PolicyDocument"]["Statement"]]
    return found


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def wildcards(statement: dict) -> list[str]:
    """Actions or resources wider than needed. The only `*` allowed ends a log stream ARN (any
    stream of one named log group) or an S3 object ARN (any object of one named bucket)."""
    wide = [a for a in as_list(statement.get("Action", [])) if "*" in a]
    for resource in as_list(statement.get("Resource", [])):
        text = json.dumps(resource)
        narrow = text.rstrip("}").endswith((':log-stream:*"', '.Arn}/*"'))
        if "*" in text and not narrow:
            wide.append(text)
    return wide


def test_no_policy_grants_a_wildcard_action_or_resource(template):
    found = statements(template)

    assert len(found) >= 5
    assert {name: wildcards(s) for name, s in found if wildcards(s)} == {}


def test_the_wildcard_check_catches_chalices_own_default_policy():
    chalice_default = {"Action": ["logs:PutLogEvents"], "Resource": "arn:*:logs:*:*:*"}

    assert wildcards(chalice_default) == ['"arn:*:logs:*:*:*"']
    assert wildcards({"Action": "dynamodb:*", "Resource": {"Fn::GetAtt": ["Table", "Arn"]}})


def test_the_functions_may_do_exactly_what_the_code_does_to_the_table(template):
    table = [s for _, s in statements(template) if s.get("Sid") == "Table"]
    package = ROOT / "functions" / "chalicelib" / "storage" / "dynamodb"
    adapter = "\n".join(module.read_text() for module in sorted(package.glob("*.py")))

    actions = {a.removeprefix("dynamodb:") for a in table[0]["Action"]}
    used = {a for a in actions if f'"{_snake(a)}"' in adapter or f".{_snake(a)}(" in adapter}
    assert used | {"ConditionCheckItem"} == actions, "grant nothing the adapter does not call"


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def test_the_table_keeps_data_safe_and_expires_what_the_adapter_marks():
    table = resources()["Table"]

    assert table["DeletionPolicy"] == "Retain"
    properties = table["Properties"]
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["TimeToLiveSpecification"] == {
        "AttributeName": TTL_ATTRIBUTE,
        "Enabled": True,
    }
    assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
    assert properties["SSESpecification"]["SSEEnabled"]
    assert properties["DeletionProtectionEnabled"]


def test_the_console_signs_staff_in_on_cognitos_pages_and_comes_back_to_its_page(template):
    from chalicelib.config import page_url

    resources_ = template["Resources"]
    client = resources_["StaffConsoleClient"]["Properties"]
    environment = resources_["APIHandler"]["Properties"]["Environment"]["Variables"]
    site = "https://blizej.example.gov.pl/"

    assert client["AllowedOAuthFlows"] == ["code"] and client["GenerateSecret"] is False
    assert "openid" in client["AllowedOAuthScopes"]
    addresses = [url["Fn::Sub"].replace("${SiteUrl}", site) for url in client["CallbackURLs"]]
    latest = site + "latest/"
    assert addresses == [page_url(lang, "staff-console/", latest) for lang in ("en", "pl")]
    assert client["LogoutURLs"] == client["CallbackURLs"]
    assert resources_["StaffSignIn"]["Type"] == "AWS::Cognito::UserPoolDomain"
    assert "${StaffSignIn}.auth." in environment["BLIZEJ_STAFF_SIGN_IN_URL"]["Fn::Sub"]
    assert environment["BLIZEJ_STAFF_CLIENT_ID"] == {"Ref": "StaffConsoleClient"}


def test_staff_endpoints_and_only_they_need_a_cognito_sign_in(template):
    from app import app

    paths = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    staff_routes = {
        (path, method.lower())
        for path, entries in app.routes.items()
        for method, entry in entries.items()
        if getattr(entry.view_function, "operation", None) and entry.view_function.operation.staff
    }
    secured = {
        (path, method)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if operation.get("security") == [{"StaffPool": []}]
    }

    assert len(staff_routes) >= 10
    assert secured == staff_routes
    pool = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["securityDefinitions"]
    assert pool["StaffPool"]["x-amazon-apigateway-authorizer"]["providerARNs"] == [
        {"Fn::GetAtt": ["StaffUserPool", "Arn"]}
    ]


def test_api_gateways_own_errors_are_problems_like_the_apps(template):
    responses = template["Resources"]["RestAPI"]["Properties"]["GatewayResponses"]
    unknown = responses["MISSING_AUTHENTICATION_TOKEN"]
    status, _headers, body = Problem(404, "not-found").encode("en")

    assert unknown["StatusCode"] == status
    assert json.loads(unknown["ResponseTemplates"]["application/json"]) == json.loads(body)
    for name, response in responses.items():
        headers = response["ResponseParameters"]["Headers"]
        assert headers["Content-Type"] == "'application/problem+json'", name
        problem = json.loads(response["ResponseTemplates"]["application/json"])
        assert problem["code"] and problem["title"], name


def test_the_cdn_serves_the_api_on_the_sites_origin_and_caches_availability_briefly(template):
    resources_ = template["Resources"]
    config = resources_["Cdn"]["Properties"]["DistributionConfig"]
    behaviours = {b["PathPattern"]: b for b in config["CacheBehaviors"]}

    assert behaviours["/api/*"]["TargetOriginId"] == "api"
    assert "POST" in behaviours["/api/*"]["AllowedMethods"]
    availability = behaviours["/api/availability*"]
    assert availability["AllowedMethods"] == ["GET", "HEAD", "OPTIONS"]
    policy = resources_["AvailabilityCache"]["Properties"]["CachePolicyConfig"]
    assert policy["MaxTTL"] <= 10
    keyed = policy["ParametersInCacheKeyAndForwardedToOrigin"]["QueryStringsConfig"]
    assert keyed["QueryStringBehavior"] == "all", "site, service and month are in the query"
    headers = resources_["SecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    security = headers["SecurityHeadersConfig"]
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer"
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert "frame-ancestors 'none'" in security["ContentSecurityPolicy"]["ContentSecurityPolicy"]


def behaviour_for(config: dict, path: str) -> dict:
    """The cache behaviour CloudFront picks for `path`: the first pattern that matches, in order.

    CloudFront's `*` matches any characters, `/` included, and `?` one: fnmatch's, case-sensitive.
    """
    for behaviour in config["CacheBehaviors"]:
        if fnmatch.fnmatchcase(path, behaviour["PathPattern"]):
            return behaviour
    return config["DefaultCacheBehavior"]


def test_the_cdn_caches_each_offices_board_for_two_seconds_keyed_by_its_path_alone(template):
    resources_ = template["Resources"]
    config = resources_["Cdn"]["Properties"]["DistributionConfig"]

    board = behaviour_for(config, "/api/queue/waw/board")
    ticket = behaviour_for(config, "/api/queue/tickets/waw.2026-12-07.abcdefghijklmnop")
    call_next = behaviour_for(config, "/api/queue/waw/counters/1/call-next")

    assert board["PathPattern"] == "/api/queue/*/board"
    assert board["TargetOriginId"] == "api"
    assert board["AllowedMethods"] == ["GET", "HEAD"]
    assert board["Compress"] is True
    assert ticket["PathPattern"] == call_next["PathPattern"] == "/api/*", "never cached"
    cache = resources_[board["CachePolicyId"]["Ref"]]["Properties"]["CachePolicyConfig"]
    assert cache["MinTTL"] == 0, "else CloudFront would keep the API's no-store errors"
    assert cache["DefaultTTL"] <= cache["MaxTTL"] == queue_routes.BOARD_MAX_AGE == 2
    key = cache["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["EnableAcceptEncodingGzip"] and key["EnableAcceptEncodingBrotli"]
    assert key["QueryStringsConfig"] == {"QueryStringBehavior": "none"}
    assert key["HeadersConfig"] == {"HeaderBehavior": "none"}, "one copy per office"
    assert key["CookiesConfig"] == {"CookieBehavior": "none"}
    origin = resources_[board["OriginRequestPolicyId"]["Ref"]]["Properties"]
    forwarded = origin["OriginRequestPolicyConfig"]
    assert forwarded["QueryStringsConfig"] == {"QueryStringBehavior": "none"}
    assert forwarded["HeadersConfig"]["Headers"] == ["Accept-Language"], "errors' titles"
    assert forwarded["CookiesConfig"] == {"CookieBehavior": "none"}


def test_the_cdn_keeps_the_public_figures_an_hour_keyed_by_their_format_alone(template):
    resources_ = template["Resources"]
    config = resources_["Cdn"]["Properties"]["DistributionConfig"]

    figures = behaviour_for(config, "/api/figures")

    assert figures["PathPattern"] == "/api/figures"
    assert figures["TargetOriginId"] == "api"
    assert figures["AllowedMethods"] == ["GET", "HEAD"]
    cache = resources_[figures["CachePolicyId"]["Ref"]]["Properties"]["CachePolicyConfig"]
    assert cache["MinTTL"] == 0, "else CloudFront would keep the API's no-store errors"
    assert cache["DefaultTTL"] == cache["MaxTTL"] == figures_routes.FIGURES_MAX_AGE == 3600
    key = cache["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["QueryStringsConfig"] == {
        "QueryStringBehavior": "whitelist",
        "QueryStrings": ["format"],
    }, "JSON and CSV apart, and no other query bypasses the cache"
    assert key["HeadersConfig"] == {"HeaderBehavior": "none"}, "one copy for every language"
    origin = resources_[figures["OriginRequestPolicyId"]["Ref"]]["Properties"]
    assert origin["OriginRequestPolicyConfig"]["HeadersConfig"]["Headers"] == ["Accept-Language"]


def test_the_cdn_keeps_no_server_error_that_would_stand_in_for_the_board(template):
    config = template["Resources"]["Cdn"]["Properties"]["DistributionConfig"]

    kept = {e["ErrorCode"]: e.get("ErrorCachingMinTTL") for e in config["CustomErrorResponses"]}

    assert all(kept.get(status) == 0 for status in (500, 502, 503, 504)), kept


def rate_rules_matching(template: dict, path: str) -> list[str]:
    """The firewall's rate rules whose scope covers `path`, read as WAF reads a ByteMatch."""
    found = []
    for rule in template["Resources"]["ApiFirewall"]["Properties"]["Rules"]:
        rate = rule["Statement"].get("RateBasedStatement")
        if not rate:
            continue
        match = rate["ScopeDownStatement"]["ByteMatchStatement"]
        text, wanted = path.lower(), match["SearchString"]
        test = {
            "STARTS_WITH": text.startswith,
            "ENDS_WITH": text.endswith,
            "EXACTLY": text.__eq__,
            "CONTAINS": text.__contains__,
        }[match["PositionalConstraint"]]
        if test(wanted):
            found.append(rule["Name"])
    return found


def test_a_hall_of_screens_behind_one_address_meets_no_rate_limit_on_the_board(template):
    assert rate_rules_matching(template, "/api/queue/waw/board") == []
    assert rate_rules_matching(template, "/api/queue/waw/checkin") == ["checkin-rate"], (
        "the reading of the rules is able to find one"
    )


def test_rate_limits_cover_lookup_booking_and_check_in_per_client_address(template):
    rules = template["Resources"]["ApiFirewall"]["Properties"]["Rules"]
    limited = {}
    for rule in rules:
        rate = rule["Statement"].get("RateBasedStatement")
        if rate:
            match = rate["ScopeDownStatement"]["ByteMatchStatement"]["SearchString"]
            limited[match] = rate
            assert rate["AggregateKeyType"] == "FORWARDED_IP", "the reader's, not CloudFront's"

    assert set(limited) == {"/api/cases/lookup", "/api/bookings", "/checkin"}
    for rate in limited.values():
        assert rate["ForwardedIPConfig"]["HeaderName"] == "X-Blizej-Client"
    first = min(rules, key=lambda rule: rule["Priority"])
    assert first["Name"] == "only-through-cloudfront", "else a forged X-Blizej-Client evades limits"
    function = template["Resources"]["ClientAddress"]["Properties"]["FunctionCode"]
    assert 'headers["x-blizej-client"] = { value: event.viewer.ip }' in function


def client_address_function(request: dict, viewer_ip: str) -> dict:
    """The stack's ClientAddress function on a viewer request, run in Duktape (no Node needed)."""
    code = resources()["ClientAddress"]["Properties"]["FunctionCode"]
    event = {
        "version": "1.0",
        "context": {"eventType": "viewer-request"},
        "viewer": {"ip": viewer_ip},
        "request": request,
    }
    return dukpy.evaljs([code, "handler(dukpy.event)"], event=event)


@pytest.mark.parametrize(
    ("sent", "viewer_ip"),
    [
        ({}, "203.0.113.10"),
        ({"x-blizej-client": {"value": "192.0.2.99"}}, "203.0.113.10"),
        (
            {
                "x-blizej-client": {
                    "value": "192.0.2.99",
                    "multiValue": [{"value": "192.0.2.99"}, {"value": "192.0.2.98"}],
                }
            },
            "2001:db8::7",
        ),
    ],
    ids=["none sent", "one forged", "several forged, an IPv6 reader"],
)
def test_cloudfront_writes_the_readers_own_address_over_any_the_reader_sent(sent, viewer_ip):
    headers = {"accept-language": {"value": "pl"}, **sent}
    request = {"method": "POST", "uri": "/api/bookings", "querystring": {}, "headers": headers}

    forwarded = client_address_function(request, viewer_ip)

    assert forwarded["headers"]["x-blizej-client"] == {"value": viewer_ip}
    assert forwarded["headers"]["accept-language"] == {"value": "pl"}
    assert (forwarded["method"], forwarded["uri"]) == ("POST", "/api/bookings")


def test_the_api_believes_the_readers_address_only_with_the_secret_cloudfront_sends(template):
    resources_ = template["Resources"]
    origins = resources_["Cdn"]["Properties"]["DistributionConfig"]["Origins"]
    api_origin = next(origin for origin in origins if origin["Id"] == "api")
    environment = resources_["APIHandler"]["Properties"]["Environment"]["Variables"]
    secrets = next(s for _, s in statements(template) if s.get("Sid") == "Secrets")
    code = resources_["ClientAddress"]["Properties"]["FunctionCode"]

    [header] = api_origin["OriginCustomHeaders"]
    assert header["HeaderName"].lower() == api.ORIGIN_HEADER
    assert header["HeaderValue"] == {"Ref": "OriginSecret"}
    assert f'headers["{api.VIEWER_HEADER}"]' in code
    assert environment["BLIZEJ_ORIGIN_SECRET_PARAMETER"] == {"Ref": "OriginSecretParameter"}
    assert any("${OriginSecretParameter}" in str(arn) for arn in as_list(secrets["Resource"]))
    assert "BLIZEJ_ORIGIN_SECRET" not in environment, "the secret itself stays in SSM"


def test_the_daily_job_is_scheduled_and_every_function_logs_json_for_90_days(template):
    resources_ = template["Resources"]
    events = resources_["DailyReminders"]["Properties"]["Events"]

    assert next(iter(events.values()))["Type"] == "Schedule"
    assert next(iter(resources_["ReleaseRounds"]["Properties"]["Events"].values()))["Type"] == (
        "Schedule"
    )
    for name in ("APIHandler", "DailyReminders", "ReleaseRounds"):
        properties = resources_[name]["Properties"]
        assert properties["Runtime"] == "python3.13"
        assert properties["LoggingConfig"]["LogFormat"] == "JSON"
        group = properties["LoggingConfig"]["LogGroup"]["Ref"]
        assert resources_[group]["Properties"]["RetentionInDays"] == 90
