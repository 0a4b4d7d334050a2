"""Build hook: the wheel carries the top-level ontology/ folder as the package data kb/ontology.

The client keeps ontology/ at the top of the repository, outside the package, so setuptools'
package-data cannot see it; this copies it into the build tree after the normal build_py step.
Everything else about the package is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithOntology(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads ontology/ where it is
            return
        target = Path(self.build_lib) / "kb" / "ontology"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(HERE / "ontology", target, ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildWithOntology})
