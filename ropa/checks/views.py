"""The findings dashboard in the admin: pick an organisation, filter its gaps by severity, rule, owner and status,
and decide on each (accept, waive, assign)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from ropa.access import people_of
from ropa.admin.forms import RegisterModelForm
from ropa.choices import FindingSeverity, FindingStatus
from ropa.forms import AsOfField
from ropa.models import FindingDecision, Organisation, ProcessingActivity
from ropa.register.cache import cached_register
from ropa.roles import view_permission

from .decisions import decision_key, decisions_for
from .engine import run_checks
from .findings import Finding
from .links import change_url
from .registry import RULES
from .report import group_findings

FILTERS = ("severity", "rule", "owner", "status")


def _filtered(findings: list[Finding], decisions: dict, params) -> list[Finding]:
    """The findings matching the dashboard's filters (severity, rule code, assignee, effective status)."""

    def keep(f: Finding) -> bool:
        d = decisions.get(decision_key(f))
        status = d.effective_status if d else FindingStatus.OPEN
        return (
            (not params["severity"] or f.severity == params["severity"])
            and (not params["rule"] or f.code == params["rule"])
            and (not params["owner"] or (d is not None and d.assignee == params["owner"]))
            and (not params["status"] or status == params["status"])
        )

    return [f for f in findings if keep(f)]


def dashboard(request: HttpRequest) -> HttpResponse:
    """Findings of one organisation (the only one, or the one picked), live or `?as_of=`, filtered."""
    if not request.user.has_perm(view_permission(ProcessingActivity)):
        raise PermissionDenied
    organisations = list(Organisation.objects.for_user(request.user).order_by("name").values("id", "name"))
    params = {name: request.GET.get(name, "").strip() for name in FILTERS}
    context = {
        **admin.site.each_context(request),
        "title": _("Compliance findings"),
        "organisations": organisations,
        "rules": RULES.values(),
        "errors": [],
        "params": params,
        "severities": FindingSeverity.choices,
        "statuses": FindingStatus.choices,
        "can_decide": request.user.has_perm("ropa.change_findingdecision"),
    }
    only = str(organisations[0]["id"]) if len(organisations) == 1 else ""
    picked = request.GET.get("organisation") or only
    as_of_text = request.GET.get("as_of", "").strip()
    try:
        as_of = AsOfField(required=False).clean(as_of_text)
    except ValidationError as exc:
        as_of = None
        context["errors"].extend(exc.messages)
    if picked and picked not in {str(o["id"]) for o in organisations}:
        context["errors"].append(_("Unknown organisation: pick one from the list."))
        picked = ""
    context.update(picked=picked, as_of_text=as_of_text)
    if picked and not context["errors"]:
        register = cached_register(int(picked), as_of=as_of)
        decisions = decisions_for(int(picked), as_of)
        every = run_checks(register)
        findings = _filtered(every, decisions, params)
        rows = [(f, change_url(f), decisions.get(decision_key(f))) for f in findings]
        groups = group_findings(findings)
        row_of = {id(r[0]): r for r in rows}
        context.update(
            register=register,
            findings=rows,
            groups=groups,
            total=len(every),
            owners=sorted({d.assignee for d in decisions.values() if d.assignee}),
            rule_choices=sorted({f.code for f in every}),
            records=[(kind, name, [row_of[id(f)] for f in fs]) for kind, name, fs in groups.by_record],
        )
    return render(request, "ropa/checks/dashboard.html", context)


class FindingDecisionForm(RegisterModelForm):
    class Meta:
        model = FindingDecision
        fields = ["status", "justification", "expires_on", "assignee", "due_on", "version"]
        widgets = {
            "version": forms.HiddenInput,
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "justification": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.filter(is_active=True, is_staff=True)
        # only someone who sees this organisation's register (ropa/access.py) may be assigned its finding
        self.fields["assignee"].queryset = people_of(self.instance.organisation_id, staff)
        self.fields["change_reason"].required = False
        self.fields["change_reason"].help_text = _("Optional: the justification is recorded as the reason otherwise.")

    def clean_change_reason(self) -> str:
        return self.cleaned_data["change_reason"].strip()


def _find(request: HttpRequest) -> tuple[Finding, int]:
    """The finding named by the query (organisation, code, activity, third_party), as the checks see it now."""
    try:
        org_id = int(request.GET["organisation"])
        activity_id = int(request.GET["activity"]) if request.GET.get("activity") else None
        party_id = int(request.GET["third_party"]) if request.GET.get("third_party") else None
        code = request.GET["code"]
    except (KeyError, ValueError) as exc:
        raise Http404(_("No such finding.")) from exc
    if not Organisation.objects.for_user(request.user).filter(pk=org_id).exists() or code not in RULES:
        raise Http404(_("No such finding."))
    for f in run_checks(cached_register(org_id), codes=[code]):
        if f.activity_id == activity_id and f.third_party_id == party_id:
            return f, org_id
    raise Http404(_("This finding is no longer reported: the record was fixed or removed."))


def decide(request: HttpRequest) -> HttpResponse:
    """Accept, waive or assign one finding (DPO): a versioned record with history, shown next to the finding."""
    if not request.user.has_perm("ropa.change_findingdecision"):
        raise PermissionDenied
    finding, org_id = _find(request)
    instance = FindingDecision.objects.filter(
        organisation_id=org_id,
        code=finding.code,
        activity_id=finding.activity_id,
        third_party_id=finding.third_party_id,
    ).first() or FindingDecision(
        organisation_id=org_id,
        code=finding.code,
        activity_id=finding.activity_id,
        third_party_id=finding.third_party_id,
    )
    if not request.user.has_perm("ropa.change_findingdecision", instance):  # the role in this organisation
        raise PermissionDenied
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = ""
    back = back or f"{reverse('ropa-findings')}?organisation={org_id}"
    form = FindingDecisionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        from ropa.history import set_reason

        set_reason(form.cleaned_data["change_reason"] or form.cleaned_data["justification"] or _("Finding assigned"))
        form.save()
        messages.success(request, _("Decision on %(code)s saved.") % {"code": finding.code})
        return HttpResponseRedirect(back)
    context = {
        **admin.site.each_context(request),
        "title": _("Decide on a finding"),
        "finding": finding,
        "form": form,
        "back": back,
        "url": change_url(finding),
    }
    return render(request, "ropa/checks/decide.html", context)
