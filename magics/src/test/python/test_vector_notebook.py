"""Vector search acceptance 1: notebooks/vector-search.ipynb runs headless through the real Java kernel
(nbconvert's ExecutePreprocessor) over the repo's corpus: it builds an index from text, searches by
meaning with and without a filter, runs full-text, hybrid, SQL, sync and eval, and every result is
checked here against the corpus itself."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from notebook_runner import execute_notebook

REPO_ROOT = Path(__file__).resolve().parents[4]
NOTEBOOK = REPO_ROOT / "notebooks" / "vector-search.ipynb"
CORPUS = REPO_ROOT / "notebooks" / "data" / "docs.jsonl"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory):
    return execute_notebook(NOTEBOOK, {"LAKEHOUSE_HOME": str(tmp_path_factory.mktemp("lakehouse-home"))})


def corpus() -> dict[int, dict]:
    return {int(d["id"]): d for d in map(json.loads, CORPUS.read_text().splitlines()) if d}


def outputs_of(nb, source_start: str) -> str:
    """The text of every output of the (first) code cell whose source starts with source_start."""
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(source_start):
            texts = []
            for o in cell.get("outputs", []):
                texts.append(o.get("text", "") or o.get("data", {}).get("text/plain", ""))
            return "\n".join(texts)
    raise AssertionError(f"no code cell starts with {source_start!r}")


def ids_in(text: str) -> list[int]:
    """Ids from a rendered result table: the `id` column (third, after _rank and _score)."""
    ids = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 3 and cells[0].isdigit() and re.fullmatch(r"-?\d+", cells[2] or ""):
            ids.append(int(cells[2]))
    return ids


def test_every_cell_ran_without_an_error(executed):
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert all(c.get("execution_count") for c in executed.cells if c.cell_type == "code")


def test_the_index_is_built_from_text_at_the_tables_version(executed):
    assert f"Indexed {len(corpus())} rows of vector_docs (version 1) as 'docs'" in outputs_of(executed, "%vector index docs")


def test_search_by_meaning_finds_the_topic_without_sharing_its_words(executed):
    hits = ids_in(outputs_of(executed, '%vector search docs --text "how can I see what my table'))
    assert len(hits) == 5
    assert corpus()[hits[0]]["category"] == "databases"


def test_every_filtered_hit_satisfies_the_predicate(executed):
    docs = corpus()
    hits = ids_in(outputs_of(executed, '%vector search docs --text "a relaxing evening"'))
    assert len(hits) == 5
    for doc_id in hits:
        assert docs[doc_id]["category"] in ("music", "cooking") and int(docs[doc_id]["year"]) >= 2020, docs[doc_id]


def test_full_text_and_hybrid_rank_keyword_matches_first(executed):
    docs = corpus()
    fulltext = ids_in(outputs_of(executed, '%vector search docs --text "garbage collector memory" --mode fulltext'))
    hybrid = ids_in(outputs_of(executed, '%vector search docs --text "garbage collector memory" --mode hybrid'))
    assert len(fulltext) == 5 and len(hybrid) == 5
    assert "garbage collector" in docs[fulltext[0]]["body"].lower()
    assert "garbage collector" in docs[hybrid[0]]["body"].lower()
    assert all(any(w in docs[i]["body"].lower() for w in ("garbage", "collector", "memory")) for i in fulltext)


def test_sync_applies_the_changes_and_the_new_row_is_found(executed):
    docs = corpus()
    deleted = {i for i, d in docs.items() if d["category"] == "sports" and int(d["year"]) < 2017}
    updated = {i for i, d in docs.items() if d["category"] == "astronomy" and int(d["year"]) == 2015}
    cells = [c for c in executed.cells if c.cell_type == "code"]
    before, after = [c for c in cells if c.source.startswith('%vector search docs --text "amateur stargazers')]
    text = lambda cell: "\n".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    assert "reflects version 1 of vector_docs; the table is now at version 4" in text(before)
    assert 1001 not in ids_in(text(before))
    assert (f"from version 1 to 4 using the change data feed: {len(updated) + 1} rows added or updated,"
            f" {len(deleted)} deleted") in outputs_of(executed, "%vector sync docs")
    assert ids_in(text(after))[0] == 1001
    assert "Warning" not in text(after)
    listed = outputs_of(executed, "%vector list")
    assert re.search(rf"docs\s*\|\s*vector_docs\s*\|.*\|\s*{len(docs) + 1 - len(deleted)}\s*\|\s*4\s*\|\s*4\s*\|\s*up to date", listed), listed


def test_java_sql_and_eval_cells(executed):
    assert outputs_of(executed, "import dev.lakehouse.magics.vector.Embeddings").strip() == "384"
    assert len(ids_in(outputs_of(executed, "%vector search docs --vector query -k 10 -o hits"))) == 10
    assert "sports" in outputs_of(executed, 'hits.groupBy("category")')
    assert "(3 rows)" in outputs_of(executed, 'spark.sql("SELECT _rank')
    evaluated = outputs_of(executed, "%vector eval docs")
    assert "Recall@5 of HNSW vs exact search on 50 queries" in evaluated
    for ef in (5, 10, 20, 50):
        assert re.search(rf"hnsw\s*\|\s*{ef}\s*\|\s*(0\.\d+|1\.0)", evaluated), evaluated
