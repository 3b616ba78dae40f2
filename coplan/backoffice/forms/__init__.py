"""Input shape of the back-office pages, one module per use case like backoffice/views/; the
rules of the domain are in the services."""

from ._common import BilingualModelForm, FormGroup
from .corrections import CorrectionAnswerForm
from .lists import DispositionForm, ModerationReasonForm, OrganisationForm, ThemeForm
from .mailboxes import MailboxForm
from .pages import StaticPageForm
from .people import PersonFindForm, RolesForm
from .processes import CurrentPhaseForm, OpportunityForm, PhaseForm, ProcessForm
from .questionnaires import ChoiceForm, QuestionForm, QuestionnaireCopyForm, QuestionnaireForm
from .sessions import EventForm

__all__ = [
    "BilingualModelForm",
    "ChoiceForm",
    "CorrectionAnswerForm",
    "CurrentPhaseForm",
    "DispositionForm",
    "EventForm",
    "FormGroup",
    "MailboxForm",
    "ModerationReasonForm",
    "OpportunityForm",
    "OrganisationForm",
    "PersonFindForm",
    "PhaseForm",
    "ProcessForm",
    "QuestionForm",
    "QuestionnaireCopyForm",
    "QuestionnaireForm",
    "RolesForm",
    "StaticPageForm",
    "ThemeForm",
]
