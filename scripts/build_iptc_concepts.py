"""Build ``enrich/tags/data/iptc_concepts.jsonl.gz`` from the IPTC Media Topics export.

Keeps the active concepts below the top level (the top level is the section's job),
with their English label and definition and the labels in the languages the tagger can
stem. IPTC Media Topics are CC BY 4.0, © IPTC (https://iptc.org).

Run: ``python scripts/build_iptc_concepts.py --data /work/shared/data/iptc_mediatopics``
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/tidings/enrich/tags/data/iptc_concepts.jsonl.gz"
# IPTC's language keys -> ISO 639-1.
LANGUAGES = {
    "en-GB": "en", "fr": "fr", "de": "de", "es": "es", "pt-PT": "pt", "no-NB": "no",
    "dk": "da", "se": "sv", "ar": "ar",
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the iptc_mediatopics folder")
    args = parser.parse_args()
    started = time.perf_counter()
    kept = 0
    with (
        (args.data / "mediatopics.jsonl").open(encoding="utf-8") as source,
        gzip.GzipFile(OUT, "wb", mtime=0) as raw,
    ):
        for line in source:
            record = json.loads(line)
            if record["retired"] or record["level"] < 2 or not record["label_en"]:
                continue
            labels = {
                iso: record["labels"][key].lower()
                for key, iso in LANGUAGES.items()
                if record["labels"].get(key)
            }
            out = {
                "qcode": record["qcode"],
                "level": record["level"],
                "label": record["label_en"],
                "definition": record["definition_en"],
                "labels": labels,
            }
            raw.write((json.dumps(out, ensure_ascii=False) + "\n").encode("utf-8"))
            kept += 1
    print(f"{kept} concepts written to {OUT.name} in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
