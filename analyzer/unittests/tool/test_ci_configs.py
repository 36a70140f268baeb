"""The CI configurations of scripts/ci pass their validators (scripts/ci/validate), and each
validator refuses a copy with one fault in it, so a pass means something."""
import os
import subprocess
import tempfile
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CI = os.path.join(TOP, "scripts", "ci")
VALIDATE = os.path.join(CI, "validate")

# (validator option, shipped file, text in it, the fault put in its place)
FAULTS = [
    ("--github", "github/lockcheck.yml", "runs-on: ubuntu-latest", "runs-onn: ubuntu-latest"),
    ("--github", "github/lockcheck.yml", "security-events: write", "security-events: always"),
    ("--gitlab", "gitlab/lockcheck.gitlab-ci.yml", "parallel: 8", "parallel: eight"),
    ("--gitlab", "gitlab/lockcheck.gitlab-ci.yml", "  stage: extract", "  stagee: extract"),
    ("--kubernetes", "kubernetes/lockcheck-extract.yaml", "completions: 8",
     "completions: eight"),
    ("--kubernetes", "kubernetes/lockcheck-analyze.yaml", "restartPolicy: Never",
     "restartPolicy: Sometimes"),
]


class CiConfigTest(unittest.TestCase):
    def validate(self, *args):
        return subprocess.run([VALIDATE, *args], capture_output=True, text=True)

    def test_shipped_configurations_are_valid(self):
        r = self.validate()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(r.stdout.count("valid: "), 4, r.stdout)

    def test_each_validator_refuses_a_fault(self):
        for option, name, good, bad in FAULTS:
            with self.subTest(file=name, fault=bad):
                with open(os.path.join(CI, name)) as f:
                    text = f.read()
                self.assertIn(good, text)
                with tempfile.TemporaryDirectory() as tmp:
                    broken = os.path.join(tmp, os.path.basename(name))
                    with open(broken, "w") as f:
                        f.write(text.replace(good, bad, 1))
                    r = self.validate(option, broken)
                    self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                    self.assertIn("INVALID: ", r.stdout)


if __name__ == "__main__":
    unittest.main()
