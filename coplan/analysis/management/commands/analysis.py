"""`coplan analysis evaluate|campaigns FILE ...`: measure the models on any labelled CSV."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from coplan.analysis import learning
from coplan.analysis.evaluation import read_labelled, read_rows


class Command(BaseCommand):
    help = "Evaluate the theme classifier or the campaign detector on a labelled CSV file."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate = sub.add_parser("evaluate", help="macro/micro/sample F1 against a baseline")
        evaluate.add_argument("file")
        evaluate.add_argument("--text", required=True, help="column with the text")
        evaluate.add_argument(
            "--labels",
            required=True,
            help="one column of delimited labels (a;b) or several one-hot columns (a,b,c)",
        )
        evaluate.add_argument("--seed", type=int, default=learning.DEFAULT_SEED)
        evaluate.add_argument("--rounds", type=int, default=1000, help="bootstrap rounds")
        campaigns = sub.add_parser("campaigns", help="near-duplicate groups, precision/recall")
        campaigns.add_argument("file")
        campaigns.add_argument("--text", required=True)
        campaigns.add_argument("--groups", help="column of true group ids (empty: no group)")
        campaigns.add_argument("--threshold", type=float, default=learning.CAMPAIGN_THRESHOLD)
        campaigns.add_argument("--show", type=int, default=20, help="groups to print")

    def handle(self, *args, **options) -> None:
        try:
            if options["action"] == "evaluate":
                self.evaluate(options)
            else:
                self.campaigns(options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def evaluate(self, options: dict) -> None:
        labels = [name.strip() for name in options["labels"].split(",") if name.strip()]
        data = read_labelled(options["file"], text=options["text"], labels=labels)
        if options["rounds"] < 10:
            raise CommandError("--rounds must be at least 10.")
        result = learning.evaluate(
            data.texts, data.y, data.labels, seed=options["seed"], rounds=options["rounds"]
        )
        self.stdout.write(
            f"{len(data.texts)} texts, {len(data.labels)} labels; seeded 80/20 split "
            f"(seed {options['seed']}): {result.train_size} train, {result.test_size} test"
        )
        names = {
            "coplan": "Coplan (TF-IDF words+chars, linear SVM, tuned thresholds)",
            "baseline": "Baseline (TF-IDF words, linear SVM)",
        }
        for key, outcome in result.results.items():
            self.stdout.write(f"\n{names[key]}")
            for metric in ("macro_f1", "micro_f1", "samples_f1"):
                low, high = outcome["intervals"][metric]
                self.stdout.write(
                    f"  {metric:<11} {outcome['scores'][metric]:.3f}  (95% CI {low:.3f}–{high:.3f})"
                )
        self.stdout.write("\nPer label F1 (Coplan / baseline)")
        for label in data.labels:
            ours = result.results["coplan"]["per_label"][label]
            base = result.results["baseline"]["per_label"][label]
            self.stdout.write(f"  {label:<32} {ours:.3f} / {base:.3f}")

    def campaigns(self, options: dict) -> None:
        columns, rows = read_rows(options["file"])
        for name in [options["text"]] + ([options["groups"]] if options["groups"] else []):
            if name not in columns:
                raise CommandError(f"No column “{name}”. Columns: {', '.join(columns)}.")
        if not 0 < options["threshold"] <= 1:
            raise CommandError("--threshold must be between 0 and 1.")
        texts = [row[options["text"]] or "" for row in rows]
        found = learning.detect_campaigns(texts, threshold=options["threshold"])
        sizes: dict[int, int] = {}
        for group in found.group:
            if group >= 0:
                sizes[int(group)] = sizes.get(int(group), 0) + 1
        self.stdout.write(f"{len(texts)} texts, {len(sizes)} groups of near-duplicates")
        for group, size in sorted(sizes.items(), key=lambda item: -item[1])[: options["show"]]:
            sample = texts[found.representative[group]].replace("\n", " ")[:100]
            self.stdout.write(f"  group {group + 1}: {size} texts — {sample}")
        if options["groups"]:
            truth = [row[options["groups"]] or "" for row in rows]
            precision, recall = learning.pairwise_precision_recall(truth, list(found.group))
            self.stdout.write(f"pairwise precision {precision:.3f}, recall {recall:.3f}")
