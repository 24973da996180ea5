"""Pick the rank_bm25 class and k1, b: top-1/top-5 sentence retrieval on the SQuAD dev sample.

`python -m bench.squad_params` prints one line per setup. Each article's paragraphs are split
with the project's sentence splitter; a question is right at rank r when one of the first r
sentences contains one of its answers after normalising case, white space, quotes and dashes.
Scores come from rank_bm25 itself (it is the definition the index reproduces).
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
import rank_bm25

from retrieval.corpus.sentences import split_sentences
from retrieval.index.analyzer import Analyzer, normalise
from retrieval.records import AnalyzerOptions

SQUAD = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "squad2_dev_visible.json"
CLASSES = {"okapi": rank_bm25.BM25Okapi, "l": rank_bm25.BM25L, "plus": rank_bm25.BM25Plus}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", normalise(text).lower()).strip()


def load(path: Path = SQUAD) -> tuple[list[str], list[tuple[str, list[str]]]]:
    sentences: list[str] = []
    questions: list[tuple[str, list[str]]] = []
    for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
        for paragraph in article["paragraphs"]:
            text = paragraph["context"]
            sentences.extend(text[s:e] for s, e in split_sentences(text))
            for qa in paragraph["qas"]:
                if not qa.get("is_impossible"):
                    questions.append((qa["question"], [_norm(a["text"]) for a in qa["answers"]]))
    return sentences, questions


def evaluate(sentences, questions, analyzer: Analyzer, cls, **params) -> tuple[float, float]:
    corpus = [analyzer.terms(s) for s in sentences]
    bm25 = cls(corpus, **params)
    normed = [_norm(s) for s in sentences]
    top1 = top5 = 0
    for question, answers in questions:
        scores = bm25.get_scores(analyzer.terms(question))
        order = np.lexsort((np.arange(len(scores)), -scores))[:5]  # ties: lower id first
        hits = [any(a in normed[i] for a in answers) for i in order]
        top1 += hits[0]
        top5 += any(hits)
    return top1 / len(questions), top5 / len(questions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the defaults of each class")
    args = parser.parse_args()
    sentences, questions = load()
    print(f"{len(sentences)} sentences, {len(questions)} answerable questions")
    print("| analyzer | class | k1 | b | top-1 | top-5 |\n|---|---|---|---|---|---|")
    plain = Analyzer(AnalyzerOptions(stem=False, stop_words=False))
    full = Analyzer(AnalyzerOptions())
    print("| no stem, no stop | okapi | 1.5 | 0.75 | {:.3f} | {:.3f} |".format(*evaluate(sentences, questions, plain, rank_bm25.BM25Okapi)))
    grid_k1 = [1.5] if args.quick else [0.6, 0.9, 1.2, 1.5, 2.0]
    grid_b = [0.75] if args.quick else [0.25, 0.5, 0.75, 0.9]
    for name, cls in CLASSES.items():
        for k1 in grid_k1:
            for b in grid_b:
                t1, t5 = evaluate(sentences, questions, full, cls, k1=k1, b=b)
                print(f"| full | {name} | {k1} | {b} | {t1:.3f} | {t5:.3f} |", flush=True)


if __name__ == "__main__":
    main()
