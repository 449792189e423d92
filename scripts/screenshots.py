"""Take headless-Chromium screenshots of pages of a running site, for looking at what we build.

Usage: python scripts/screenshots.py http://127.0.0.1:8000 /ko/ /en/directory/people/ ...
Options: --mobile for a 390px-wide viewport; --out DIR (default screenshots/);
--login EMAIL:PASSWORD to sign in first.
"""

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--mobile", action="store_true")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--login")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    viewport = {"width": 390, "height": 844} if args.mobile else {"width": 1280, "height": 900}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=viewport)
        if args.login:
            email, password = args.login.split(":", 1)
            page.goto(args.base + "/en/accounts/login/")
            page.fill("input[name=login]", email)
            page.fill("input[name=password]", password)
            page.click("form.form button[type=submit]")
            page.wait_for_load_state()
        for path in args.paths:
            page.goto(args.base + path)
            name = re.sub(r"[^a-zA-Z0-9]+", "_", path).strip("_") or "root"
            suffix = "_mobile" if args.mobile else ""
            target = out / f"{name}{suffix}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
        browser.close()


if __name__ == "__main__":
    main()
