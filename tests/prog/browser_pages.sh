#!/usr/bin/env bash
# browser_pages.sh — issue 6's browser suite as part of make check: every
# citizen page state in fi/sv/en in headless Chromium with JavaScript off,
# axe-core (WCAG 2.0/2.1 A+AA), the Nu HTML checker, screenshots at 320 and
# 1280 px, and a submission by clicking and typing that lands in the vault.
# The work is in tests/browser/run; see docs/accessibility.md.
exec bash "$(dirname "$0")/../browser/run"
