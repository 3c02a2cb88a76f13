#!/usr/bin/env python
"""Django's command-line utility (the `dangvien` console command is the same thing)."""

from dangvien.cli import main

if __name__ == "__main__":
    main()
