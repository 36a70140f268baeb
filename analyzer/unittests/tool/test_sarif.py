"""--format sarif on testdata/minikernel is valid SARIF 2.1.0 (checked against
the official schema with python3-jsonschema) and carries what the JSON report
says: a result per finding, every witness step in its thread flow, where each
held lock was taken as related locations, the fingerprint."""
import json
import unittest

import jsonschema

from minikernel import SARIF_SCHEMA, Minikernel


def validator():
    with open(SARIF_SCHEMA) as f:
        schema = json.load(f)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


class SarifTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mk = Minikernel()
        cls.validator = validator()
        cls.json, _ = cls.mk.check()
        cls.sarif, cls.result = cls.mk.check(fmt="sarif")

    @classmethod
    def tearDownClass(cls):
        cls.mk.cleanup()

    def assert_valid(self, log):
        errors = [e.message + " at " + "/".join(map(str, e.absolute_path))
                  for e in self.validator.iter_errors(log)]
        self.assertEqual(errors, [])

    def test_validates_against_the_schema(self):
        self.assert_valid(self.sarif)

    def test_the_schema_check_can_fail(self):
        broken = json.loads(json.dumps(self.sarif))
        broken["runs"][0]["results"][0]["level"] = "fatal"
        del broken["runs"][0]["tool"]["driver"]["name"]
        self.assertEqual(len(list(self.validator.iter_errors(broken))), 2)

    def test_exit_status_and_rules(self):
        self.assertEqual(self.result.returncode, 1)
        rules = self.sarif["runs"][0]["tool"]["driver"]["rules"]
        r = self.mk.run("--list-checkers")
        self.assertEqual([rule["id"] for rule in rules],
                         [line.split("\t")[0] for line in r.stdout.splitlines()])
        for rule in rules:
            self.assertTrue(rule["help"]["text"].startswith("Documentation/"), rule["id"])
            self.assertTrue(rule["helpUri"].startswith("https://docs.kernel.org/"), rule["id"])

    def test_results_follow_the_findings(self):
        results = self.sarif["runs"][0]["results"]
        findings = self.json["findings"]
        self.assertEqual(len(results), len(findings))
        for result, finding in zip(results, findings):
            self.assertEqual(result["ruleId"], finding["checker"])
            self.assertEqual(result["message"]["text"], finding["message"])
            physical = result["locations"][0]["physicalLocation"]
            self.assertEqual(physical["artifactLocation"],
                             {"uri": finding["file"], "uriBaseId": "SRCROOT"})
            self.assertEqual(physical["region"]["startLine"], finding["line"])
            self.assertEqual(result["partialFingerprints"], {"lockcheckPath/v1":
                                                             finding["fingerprint"]})
            steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
            self.assertEqual(
                [(s["location"]["logicalLocations"][0]["name"],
                  s["location"]["physicalLocation"]["artifactLocation"]["uri"],
                  s["location"]["physicalLocation"]["region"]["startLine"],
                  s["location"]["message"]["text"]) for s in steps],
                [(t["function"], t["file"], t["line"], t["detail"]) for t in finding["trace"]])
            self.assertEqual(
                [(r["physicalLocation"]["region"]["startLine"], r["message"]["text"])
                 for r in result["relatedLocations"]],
                [(t["line"], t["detail"]) for t in finding["trace"] if t["kind"] == "acquire"])

    def test_relative_uris_are_anchored_at_the_source_tree(self):
        base = self.sarif["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"]
        self.assertEqual(base, "file://" + self.mk.root + "/")


if __name__ == "__main__":
    unittest.main()
