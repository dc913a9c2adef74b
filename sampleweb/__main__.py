"""`python -m sampleweb`: serve the sample web until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from sampleweb.server import SampleWeb
from sampleweb.sites import RENDERED_DIR


def main(argv: list[str] | None = None) -> int:
    """Start every site, print its URL (and optionally write the registry), then block."""
    parser = argparse.ArgumentParser(prog="python -m sampleweb", description=__doc__)
    parser.add_argument("--port-base", type=int, default=None, help="site i listens on N+i")
    parser.add_argument("--sources", type=Path, default=None, help="write sources TOML here")
    parser.add_argument(
        "--rendered", action="store_true", help="also serve the sites that need a browser"
    )
    args = parser.parse_args(argv)
    extra = (RENDERED_DIR,) if args.rendered else ()
    with SampleWeb(port_base=args.port_base, extra_dirs=extra) as web:
        for slug, site in web.sites.items():
            print(f"{slug:<18} {site.kind:<14} {web.base_url(slug)}/", flush=True)
        if args.sources:
            args.sources.write_text(web.sources_toml(), encoding="utf-8")
            print(f"sources written to {args.sources}", flush=True)
        print("Serving the sample web; Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
