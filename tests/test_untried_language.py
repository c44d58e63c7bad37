"""A language the example has not tried (issue 20: "any language CLDR knows"): Polish, with
four plural categories (one, few, many, other), scaffolded by `helpsite new language pl` in a
copy of the example. What the trial found at fault: a PO plural entry whose number of forms
is not Polish's (gettext's own Polish header says nplurals=3, CLDR's four) for a string that
no longer awaits translation was dropped without a word, the import saying nothing and
writing nothing."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from helpsite.cli.main import main

from test_exchange_forms import export, site
from test_translations import import_, snapshot

# What a translator's tool writes for Polish when it keeps gettext's convention (three forms).
GETTEXT_POLISH = ("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
                  "n%100>=20) ? 1 : 2);")


@pytest.fixture
def polish(tmp_path: Path, capsys) -> Path:
    root = site(tmp_path)
    assert main(["new", "language", "pl", "--root", str(root)]) == 0
    capsys.readouterr()
    return root


def test_a_plural_entry_of_another_count_for_a_string_translated_since_is_refused(
        polish, capsys):
    done = export(capsys, polish, "pl", "po")
    po = polib.pofile(str(done), wrapwidth=0)
    po.metadata["Plural-Forms"] = GETTEXT_POLISH
    entry = next(entry for entry in po if entry.msgctxt == "fees.free")
    entry.msgstr_plural = {0: "{duration} gratis", 1: "pierwsze {duration} gratis",
                           2: "pierwsze {duration} gratis"}
    po.save(str(done))
    line = next(entry.linenum for entry in polib.pofile(str(done), wrapwidth=0)
                if entry.msgctxt == "fees.free")
    # Meanwhile someone translated the string in the strings file itself.
    strings = polish / "data/i18n/pl.yaml"
    text = strings.read_text(encoding="utf-8")
    start = text.index("  free:\n")
    end = text.index("  band_surcharge:", start)
    strings.write_text(text[:start] + text[start:end].replace("  # untranslated", "")
                       + text[end:], encoding="utf-8")
    before = snapshot(polish)
    code, _, err = import_(capsys, polish, done)
    assert (code, err.splitlines()) == (2, [
        f"{done}:{line}:1: segment fees.free: its source changed or it was translated since "
        "the export; export again", "1 problem(s); nothing was written"])
    assert snapshot(polish) == before
