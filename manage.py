#!/usr/bin/env python
from coplan.cli import main

if __name__ == "__main__":
    main()
