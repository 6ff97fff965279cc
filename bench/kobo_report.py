"""kobo-a after a run: recall per error kind and false pairs per relation (counts only), and a sample to read.

Called by `bench/dedup_koboset.py --report` and `--sample`; the generator itself is in bench/dedup_koboset.py.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedup_koboset import FROZEN, Record, generate


def pair_kinds(records: list[Record]) -> dict[tuple[str, str], tuple[str, ...]]:
    """Every true pair (by ref) and the error kinds between its two records (the union of both records' kinds)."""
    by_person: dict[int, list[Record]] = {}
    for r in records:
        by_person.setdefault(r.person, []).append(r)
    out = {}
    for group in by_person.values():
        for k, a in enumerate(group):
            for b in group[k + 1 :]:
                out[(min(a.ref, b.ref), max(a.ref, b.ref))] = tuple(sorted(set(a.kinds) | set(b.kinds)))
    return out


def registered_refs(folder: Path) -> dict[int, str]:
    import sqlite3

    db = next(folder.glob("*.sqlite3"))
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("select id, source_ref from workers_worker where merged_into_id is null"))


def report(name: str = "kobo-a") -> None:
    """Recall per error kind and false pairs per relation, from bench/dedup_sets.py's last Lindung run (counts only)."""
    import pickle

    folder = Path("/tmp/h19-dedup-sets") / name
    records, people, relations = generate(**FROZEN[name])
    refs = registered_refs(folder)
    with (folder / "found.pkl").open("rb") as handle:
        found = pickle.load(handle)
    predicted, truth = found["predicted"], found["truth"]
    made, kept = Counter[str](), Counter[str]()
    registered = set(refs.values())
    for r in records:
        for kind in r.kinds or ("first record",):
            made[kind] += 1
            kept[kind] += r.ref in registered
    print(f"records {len(records):,}, registered {len(registered):,}")
    print(f"{'record kind':28} {'made':>6} {'registered':>10}")
    for kind, n in sorted(made.items()):
        print(f"{kind:28} {n:6,} {kept[kind]:10,}")
    kinds = pair_kinds(records)
    total, hit = Counter[str](), Counter[str]()
    alone, alone_hit = Counter[str](), Counter[str]()  # the pair's one NIK kind, or its one non-NIK kind
    for a, b in truth:
        key = (min(refs[a], refs[b]), max(refs[a], refs[b]))
        for kind in kinds[key] or ("format only",):
            total[kind] += 1
            hit[kind] += (a, b) in predicted
        others = [k for k in kinds[key] if not k.startswith("nik")]
        single = kinds[key][0] if len(kinds[key]) == 1 else others[0] if len(others) == 1 else ""
        if single:
            alone[single] += 1
            alone_hit[single] += (a, b) in predicted
        total["(all)"] += 1
        hit["(all)"] += (a, b) in predicted
        n = len([k for k in kinds[key] if not k.startswith("nik")])
        total[f"(+{n} non-NIK kinds)"] += 1
        hit[f"(+{n} non-NIK kinds)"] += (a, b) in predicted
    print(
        f"\n{'true pairs with kind':28} {'pairs':>6} {'found':>6} {'recall':>7}  {'alone':>6} {'recall':>7}"
    )
    for kind in sorted(total):
        line = f"{kind:28} {total[kind]:6,} {hit[kind]:6,} {hit[kind] / total[kind]:7.3f}"
        if alone[kind]:
            line += f"  {alone[kind]:6,} {alone_hit[kind] / alone[kind]:7.3f}"
        print(line)
    print("  (alone: pairs whose only kind is this NIK kind, or whose only non-NIK kind is this one)")
    false = Counter[str]()
    pid = {r.ref: r.person for r in records}
    kk_of = {p.pid: p.kk for p in people}
    desa_of = {p.pid: p.desa for p in people}
    present = Counter[str]()
    for a, b in predicted - truth:
        pa, pb = sorted((pid[refs[a]], pid[refs[b]]))
        kind = relations.get((pa, pb)) or (
            "same KK"
            if kk_of[pa] == kk_of[pb]
            else "same desa"
            if desa_of[pa] == desa_of[pb]
            else "unrelated"
        )
        false[kind] += 1
    for kind in relations.values():
        present[kind] += 1
    print(f"\n{'false pairs by relation':28} {'false':>6} {'person pairs made':>18}")
    for kind in sorted(set(false) | set(present)):
        print(f"{kind:28} {false[kind]:6,} {present[kind]:18,}")


def sample(name: str = "kobo-a", n: int = 30) -> None:
    """Print n true pairs and n hard-negative pairs (record against record) to check the truth by eye."""
    records, _people, relations = generate(**FROZEN[name])
    rng = random.Random(1)
    by_person: dict[int, list[Record]] = {}
    for r in records:
        by_person.setdefault(r.person, []).append(r)
    multi = [g for g in by_person.values() if len(g) > 1]

    for group in by_person.values():
        group.sort(key=lambda r: len(r.kinds))  # the first record (no kinds) first

    def show(r: Record) -> str:
        return (f"{r.ref} {r.source:4} {r.nik:16} kk {r.kk or '-':16} {r.name[:30]:30} {r.birth_text:19} {r.sex:9} "
                f"{r.desa_code:13} {r.phone or '-':15} {r.address[:26]}")  # fmt: skip

    print("TRUE PAIRS")
    for group in rng.sample(multi, n):
        a, b = rng.sample(group, 2)
        print(f"  kinds: {', '.join(sorted(set(a.kinds) | set(b.kinds))) or 'format only'}")
        print("   ", show(a))
        print("   ", show(b))
    print("HARD NEGATIVES")
    hard = []
    for kind, share in (("twin", 8), ("father_son_name", 8), ("namesake", 8), ("sibling", n - 24)):
        hard += rng.sample([(k, v) for k, v in relations.items() if v == kind], share)
    for (pa, pb), kind in hard:
        print(f"  {kind}")
        print("   ", show(by_person[pa][0]))
        print("   ", show(by_person[pb][0]))
