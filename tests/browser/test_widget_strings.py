"""Every widget says everything in every language: the same keys and placeholders in all five."""

import pytest

pytestmark = pytest.mark.browser

CHECK = """async (widgets) => {
  const shared = await import("/assets/widgets/shared/strings.js");
  const problems = [];
  const flatten = (value, prefix = "") => Object.entries(value).flatMap(([key, item]) =>
    typeof item === "object" ? flatten(item, `${prefix}${key}.`) : [[`${prefix}${key}`, item]]);
  for (const [path, name, languages] of widgets) {
    const STRINGS = (await import(path))[name];
    const english = new Map(flatten(shared.texts(STRINGS, "en")));
    for (const language of languages) {
      const words = new Map(flatten(shared.texts(STRINGS, language)));
      for (const [key, text] of english) {
        if (key.startsWith("daysLeft.")) continue;
        const translated = words.get(key);
        if (!translated || !translated.trim()) problems.push(`${path} ${language} lacks ${key}`);
        const holes = (s) => (s.match(/\\{\\w+\\}/g) || []).sort().join();
        if (translated && holes(translated) !== holes(text)) {
          problems.push(`${path} ${language} ${key} has other placeholders`);
        }
      }
      if (!words.has("daysLeft.other") && path.includes("case-status")) {
        problems.push(`${path} ${language} lacks daysLeft.other`);
      }
    }
  }
  return problems;
}"""


def test_every_widget_string_exists_in_every_language(page, dev_server):
    page.goto(dev_server.url)

    every = ["pl", "uk", "ru", "vi"]
    problems = page.evaluate(
        CHECK,
        [
            ["/assets/widgets/booking-calendar/strings.js", "STRINGS", every],
            ["/assets/widgets/case-status/strings.js", "STRINGS", every],
            ["/assets/widgets/queue/strings.js", "KIOSK", every],
            ["/assets/widgets/queue/strings.js", "TICKET", every],
            ["/assets/widgets/queue/strings.js", "BOARD", every],
            ["/assets/widgets/queue/strings.js", "CONSOLE", ["pl"]],  # staff: Polish and English
            ["/assets/widgets/guide/strings.js", "GUIDE", every],
        ],
    )

    assert problems == []
