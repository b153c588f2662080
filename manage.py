#!/usr/bin/env python
"""Django's command-line utility; `aftercare` is the installed equivalent."""

import sys

from aftercare.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], prog="manage.py"))
