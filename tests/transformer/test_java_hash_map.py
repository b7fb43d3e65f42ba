"""`transformer.java.hash_map_order` against the JDK's own java.util.HashMap (compiled here; skipped without javac)."""

from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from transformer.java import gson_round_trip, hash_map_order

PROGRAM = """
import java.io.*;
import java.util.*;
public class HashMapOrder {
  public static void main(String[] a) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    String line;
    while ((line = r.readLine()) != null) {
      String[] parts = line.split("\\t", -1);
      LinkedHashMap<String, Object> source = new LinkedHashMap<>();
      HashMap<String, Object> put = new HashMap<>();
      for (int i = 1; i < parts.length; i++) { source.put(parts[i], 1); put.put(parts[i], 1); }
      Map<String, Object> m = parts[0].equals("c") ? new HashMap<>(source) : put;
      out.println(String.join("\\t", m.keySet()));
    }
  }
}
"""
POOL = [
    "name",
    "Name",
    "email",
    "Email",
    "id",
    "userId",
    "anonymousId",
    "address",
    "city",
    "company",
    "phone",
    "gender",
    "birthday",
    "DOB",
    "plan",
    "a.b",
    "0",
    "10",
    "\u00e9",
    "\u65e5\u672c",
    "\U0001f600",
]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("javac") is None or shutil.which("java") is None, reason="javac/java not installed")
def test_hash_map_order_matches_the_jdk(tmp_path) -> None:
    (tmp_path / "HashMapOrder.java").write_text(PROGRAM)
    subprocess.run(["javac", "-d", str(tmp_path), str(tmp_path / "HashMapOrder.java")], check=True)
    rng = random.Random(14)
    cases = []
    for _ in range(1000):
        keys = rng.sample(POOL, rng.randint(1, len(POOL))) + [
            f"k{rng.randint(0, 999)}" for _ in range(rng.randint(0, 30))
        ]
        cases.append((rng.choice("cp"), list(dict.fromkeys(keys))))
    text = "".join(kind + "\t" + "\t".join(keys) + "\n" for kind, keys in cases)
    out = subprocess.run(
        ["java", "-cp", str(tmp_path), "HashMapOrder"], input=text, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    wrong = [
        keys
        for (kind, keys), line in zip(cases, out, strict=True)
        if hash_map_order(keys, kind == "c") != line.split("\t")
    ]
    assert not wrong, wrong[:3]


def test_gson_round_trip_drops_null_entries_and_makes_doubles() -> None:
    assert gson_round_trip({"a": 1, "b": None, "c": {"d": None, "e": [1, None]}}) == {"a": 1.0, "c": {"e": [1.0, None]}}
    assert type(gson_round_trip({"a": 1})["a"]) is float
