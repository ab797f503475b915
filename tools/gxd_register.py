#!/usr/bin/env python3
"""Register the Green x Digital Consortium extension schemas with Tsunagu's amendments.

Usage (from the repository root):

    python3 tools/gxd_register.py

Reads the published schemas kept verbatim in Mappings/extensions/gxd/published/ and writes
Mappings/extensions/gxd/GxD_schema_en.schema.json and GxD_schema_jp.schema.json (the files the
SchemaRegistry loads) plus index.json (which dataSchema URLs map to which file). The amendments
are the decisions recorded in Mappings/EXTENSIONS.md, applied identically to both language
variants:

1. `$id` is the variant's own dataSchema URL (the published Japanese file carries the English $id).
2. `organization.required` no longer lists `declaredUnit` and `crossSectoralStandardsUsed`, which
   the current schema does not define; both are defined as optional properties with the types of
   the first upload (2025-03-26), without its enum on an array (no array could ever match it).
3. `scope3Category` items accept strings (as the schema says) and integers (as the consortium's
   documentation says); the GxD rule checks that each names category 1 to 15.
"""
import copy
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(ROOT, "Mappings", "extensions", "gxd")
REPOSITORY = "Green-x-Digital-Consortium/data-model-extensions"
VARIANTS = [
    ("en", "GxD_schema_en.json", {"declaredUnit": "Declared unit of the product the organization-based figures are allocated to (PACT's declaredUnit).",
                                 "crossSectoralStandardsUsed": "Cross-sectoral standards applied"}),
    ("ja", "GxD_schema_jp.json", {"declaredUnit": "宣言単位（PACTのdeclaredUnit）",
                                 "crossSectoralStandardsUsed": "適用した分野横断規格"}),
]


def urls(published_name):
    return [
        f"https://github.com/{REPOSITORY}/blob/main/specs/{published_name}",
        f"https://raw.githubusercontent.com/{REPOSITORY}/main/specs/{published_name}",
        f"https://raw.githubusercontent.com/{REPOSITORY}/refs/heads/main/specs/{published_name}",
    ]


def amend(schema, published_name, descriptions):
    amended = copy.deepcopy(schema)
    amended["$id"] = urls(published_name)[0]
    amended["$comment"] = (
        f"Published by the Green x Digital Consortium ({REPOSITORY}, specs/{published_name}, MIT licence), "
        "amended by tools/gxd_register.py as Mappings/EXTENSIONS.md records: own $id; organization no longer "
        "requires the undefined declaredUnit and crossSectoralStandardsUsed (defined as optional); scope3Category "
        "items may be strings or integers. Do not edit: re-run the tool."
    )
    organization = amended["$defs"]["organization"]
    organization["required"] = [name for name in organization["required"] if name not in ("declaredUnit", "crossSectoralStandardsUsed")]
    organization["properties"]["declaredUnit"] = {"type": "string", "description": descriptions["declaredUnit"]}
    organization["properties"]["crossSectoralStandardsUsed"] = {
        "type": "array", "items": {"type": "string"}, "description": descriptions["crossSectoralStandardsUsed"]}
    organization["properties"]["scope3Category"]["items"] = {"type": ["string", "integer"]}
    return amended


def main():
    entries = []
    for language, published_name, descriptions in VARIANTS:
        with open(os.path.join(FOLDER, "published", published_name), encoding="utf-8") as handle:
            schema = json.load(handle)
        target_name = published_name.replace(".json", ".schema.json")
        with open(os.path.join(FOLDER, target_name), "w", encoding="utf-8") as handle:
            json.dump(amend(schema, published_name, descriptions), handle, indent=2, sort_keys=True, ensure_ascii=False)
            handle.write("\n")
        entries.append({"file": target_name, "language": language, "rule": "gxd", "dataSchema": urls(published_name),
                        "published": f"published/{published_name}"})
        print(f"wrote Mappings/extensions/gxd/{target_name}")
    index = {
        "extension": "Green x Digital Consortium PACT Data Model Extension",
        "documentation": "Mappings/EXTENSIONS.md",
        "schemas": entries,
    }
    with open(os.path.join(FOLDER, "index.json"), "w", encoding="utf-8") as handle:
        json.dump(index, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    print("wrote Mappings/extensions/gxd/index.json")


if __name__ == "__main__":
    main()
