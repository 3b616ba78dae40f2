from django_tasks import task

from .models import PlanVersion
from .pdf import version_pdf_path
from .snapshot import LANGUAGES


@task()
def plan_version_render_pdfs(version_id: int) -> list[str]:
    """After publication: lay out the version's PDF in each language, ready to download."""
    version = PlanVersion.objects.select_related("plan__process").get(pk=version_id)
    return [version_pdf_path(version, language) for language in LANGUAGES]
