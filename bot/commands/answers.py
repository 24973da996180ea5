"""`qabot ask` and `qabot eval`: one question from the store, or a whole question set measured."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.console.render import Style, json_text, printable, render_answers, render_header, wants_color
from bot.settings import Settings
from bot.small_talk import small_talk, small_talk_reply
from bot.wiring import open_service
from retrieval import Answer, AnswerSet, EvalReport, Outcome, evaluate, evaluate_squad, load_questions

ASK_HELP = 'Ask one question about the articles, e.g. qabot ask "Who is Sung Kim?" (qabot --help lists the commands).'


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    question = " ".join(args.question) if isinstance(args.question, list) else args.question
    k = args.k if args.k is not None else 1 + settings.qabot_answers
    if k < 1:
        print(f"qabot: -k must be at least 1 (answers in all), got {k}", file=sys.stderr)
        return 2
    if not any(ch.isalnum() for ch in question):
        # An empty or punctuation-only argument is a slip (an unset shell variable, say), not a search.
        print("qabot: ask needs a question, e.g. qabot ask \"Who is Sung Kim?\"", file=sys.stderr)
        return 2
    if (kind := small_talk(question)) is not None:
        # "tell me a joke", "who are you", "thanks": what the console and Telegram answer with a friendly line, not a
        # search (which finds a sentence holding "joke" and presents it as the answer); `ask` says the same.
        said = ASK_HELP if kind == "help" else small_talk_reply(kind)
        print(json_text({"question": question, "small_talk": kind, "reply": said, "no_answer": True}) if args.json
              else said)
        return 0
    with open_service(settings) as service:
        reply = service.ask(question, k=k, context=args.context, explain=args.explain)
    if args.json:
        print(json_text(reply.to_json()))
        return 0
    print(render_ask(reply, Style(color=wants_color(sys.stdout, settings.color_allowed)), explain=args.explain))
    return 0


def render_ask(reply: AnswerSet, style: Style, *, explain: bool = False) -> str:
    """How the question was read, then the ranked answers (the closest sentences under "Not sure" when the bot
    does not claim them, or the not-found reply), each with its context and features when asked."""
    if not reply.answers or (reply.no_answer and reply.outcome is not Outcome.NOT_SURE):
        return render_answers(reply, style)
    blocks = render_header(reply)
    for rank, answer in enumerate(reply.answers, 1):
        lines = [render_answers(reply, style, start=rank - 1, stop=rank, header=False)]
        if answer.context is not None:
            lines.append(f"   context: {printable(answer.context)}")
        if explain:
            lines.append(_explain(answer))
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def _explain(answer: Answer) -> str:
    lines = [f"   why: score {answer.score:.3f} =" if answer.explanation else "   why: (no features)"]
    for f in answer.explanation:
        note = f"  {printable(f.note, 100)}" if f.note else ""
        lines.append(f"     {f.value:+.3f}  {f.name}{note}")
    return "\n".join(lines)


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    if not path.is_file():
        print(f"qabot: no question file at {path}; give a .jsonl question set or a SQuAD .json file", file=sys.stderr)
        return 2
    if path.suffix.lower() == ".json":
        try:
            squad, report = evaluate_squad(path, limits=settings.limits, analyzer=settings.analyzer)
        except ValueError as exc:
            print(f"qabot: {exc}", file=sys.stderr)
            return 2
        label = f"{path.name} (SQuAD: {len(squad.questions) - squad.impossible} answerable questions, {squad.impossible} unanswerable)"
    else:
        try:
            questions = load_questions(path)
        except ValueError as exc:
            print(f"qabot: {exc}", file=sys.stderr)
            return 2
        with open_service(settings) as service:
            report = evaluate(service, questions)
        label = path.name
    if args.predictions is not None:
        _write_predictions(args.predictions, report)
    if args.json:
        print(json_text(report.to_json()))
    else:
        print(render_report(label, report))
    return 0


def _write_predictions(out: Path, report: EvalReport) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for line in report.per_question:
            fh.write(json_text(line.to_json()) + "\n")



def render_report(label: str, report: EvalReport) -> str:
    rows = [
        ("questions", f"{report.questions} ({report.answerable} answerable)"),
        ("top-1", f"{report.top1:.3f}"),
        ("top-5", f"{report.top5:.3f}"),
        ("MRR", f"{report.mrr:.3f}"),
        ("no-answer precision", f"{report.no_answer_precision:.3f}"),
        ("no-answer recall", f"{report.no_answer_recall:.3f}"),
        ("wrongly refused", f"{report.wrongly_refused} of {report.answerable} answerable (not sure or not found)"),
        ("no-answer caught", f"{round(report.no_answer_recall * (report.questions - report.answerable))} of "
                             f"{report.questions - report.answerable} unanswerable ({report.unanswerable_not_sure} of them not sure)"),
        ("outcomes", f"{report.questions - report.not_sure - report.not_found} answer, {report.not_sure} not sure, "
                     f"{report.not_found} not found"),
        ("citation failures", str(report.citation_failures)),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join([label, *(f"  {name.ljust(width)}  {value}" for name, value in rows)])
