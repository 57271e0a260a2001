"""Stargate Explained: the shared module behind the notebooks, the app, the site and the exports.

Data flows one way: data/*.csv -> load/validate -> pure transforms -> figure builders -> widgets.
"""

from .data import Record, as_of, data_dir, load
from .validate import DataError, Problem, check

__all__ = ["DataError", "Problem", "Record", "as_of", "check", "data_dir", "load"]
__version__ = "1.0.0"
