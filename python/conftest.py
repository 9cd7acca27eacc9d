"""pytest configuration: the tests under python/tests import the `qedge`
package from this directory, without installing it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
