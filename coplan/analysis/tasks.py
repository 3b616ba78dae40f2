"""Background work of the analysis app (django-tasks): retraining, campaigns, topics."""

from __future__ import annotations

from django_tasks import task

from coplan.processes.models import Process


@task()
def retrain_process(process_id: int) -> dict:
    """Tag languages, group campaigns, retrain suggestions for one process."""
    from . import services

    process = Process.objects.get(pk=process_id)
    tagged = services.languages_tag(process=process)
    campaigns = services.campaigns_detect(process=process)
    trained = services.suggestions_train(process=process)
    return {
        "tagged": tagged,
        "campaigns": len(campaigns),
        "model": trained.pk if trained else None,
    }


@task()
def retrain_all() -> dict:
    """The periodic job: every active process, then the moderation model."""
    from . import services

    done = {}
    for process in Process.objects.exclude(status=Process.Status.COMPLETED):
        done[process.pk] = retrain_process.call(process.pk)
    model = services.moderation_model_train()
    return {"processes": done, "moderation_model": model.pk if model else None}


@task()
def discover_topics(process_id: int, seed: int) -> int:
    from . import services

    return services.topics_discover(process=Process.objects.get(pk=process_id), seed=seed).pk


@task()
def report_render_pdfs(report_id: int) -> list[str]:
    """After publication: lay out the report's PDF in each language, ready to download."""
    from .models import Report
    from .pdf import LANGUAGES, report_pdf_path

    report = Report.objects.select_related("process", "phase").get(
        pk=report_id, status=Report.Status.PUBLISHED
    )
    return [report_pdf_path(report, language) for language in LANGUAGES]
