"""The alliance's life in the demo district (called from ``members.demo.demo_load`` last).

- The district's inaugural green low-carbon industry conference (``CONFERENCE``), under way
  when the demo is loaded (it started an hour before, on the hour, and registration stays open
  until it ends): the programme of the model district's launch (an opening address, two
  keynotes "Achieving Dual Carbon Goals through Technological Innovation" and "Progress and
  Challenges of Coordinated Pollution Reduction and Carbon Reduction Policies", the recognition
  of demonstration units linked to the demo's published recognition list
  (``assessments.demo.RECOGNITION_TITLE``), a closing panel "Cultivating Industry Ecology for
  Decarbonization"), fictional speakers; the first keynote, over when the demo is loaded, has
  its slides up (a demo PDF); participants registered by three member organisations
  (the demo enterprise's ``manager``, the bank's ``analyst``, the institute's ``researcher``),
  ``CHECKED_IN`` of them checked in by the secretariat at the door.
- Upcoming: a training (``TRAINING``, ``TRAINING_CAPACITY`` seats, full, two on its waiting
  list) and a site visit at a zero-carbon factory (``SITE_VISIT``).
- Notices (``NOTICES``): a policy (public), a call (addressed to enterprises only) and a result
  (public), in Chinese and English.
- Applications to join (``APPLICATIONS``): one waiting for review, one for which the
  secretariat asked for more information; each with its (demo) business licence as a PDF.
- A pending invitation: the demo enterprise's ``manager`` invites a second reporter
  (``INVITATION_EMAIL``).
- The outbox holds every message this sends (the console backend prints them once the task
  worker runs; ``/alliance/outbox/`` shows them to the staff).

Every person, organisation and text is fictional. Everything goes through the services, as
the users' clicks would (audit entries included). Idempotent: each record is looked up by its
natural key first (an event's or notice's Chinese title, an application's credit code, an
invitation's e-mail), so a second load writes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone, translation

from greenledger.core.registry.credit_code import make_code
from greenledger.web.accounts.models import User
from greenledger.web.alliance.models import (
    AttachmentKind,
    Event,
    EventKind,
    Invitation,
    JoinApplication,
    Notice,
    SessionKind,
    SpeakerRole,
    Theme,
)
from greenledger.web.assessments.demo import RECOGNITION_TITLE
from greenledger.web.assessments.models import RecognitionCall, RecognitionStatus
from greenledger.web.finance.demo import demo_pdf
from greenledger.web.members.demo import DISTRICT, DIVISION

LANGUAGE = "zh-hans"
CONFERENCE = {
    "kind": EventKind.CONFERENCE,
    "title_zh": "东江新区绿色低碳产业联盟成立大会暨首届绿色低碳产业大会（演示）",
    "title_en": "Inaugural Green Low-Carbon Industry Conference of the Dongjiang New Area "
    "Alliance (demo)",
    "summary_zh": "联盟成立大会：两场主旨报告、绿色制造示范单位授牌和圆桌对话。"
    "人物与机构均为虚构。",
    "summary_en": "The alliance's launch: two keynotes, the recognition of demonstration units "
    "and a closing panel. All people and organisations are fictional.",
    "venue_zh": "东江新区会议中心（演示）",
    "venue_en": "Dongjiang New Area Conference Centre (demo)",
    "address": f"{DISTRICT}示范路1号",
    "capacity": 300,
    "themes": [Theme.TECHNOLOGY, Theme.COORDINATED_REDUCTION, Theme.INDUSTRY_ECOLOGY],
}
KEYNOTE_TECHNOLOGY = "Achieving Dual Carbon Goals through Technological Innovation"
KEYNOTE_POLICY = (
    "Progress and Challenges of Coordinated Pollution Reduction and Carbon Reduction Policies"
)
PANEL = "Cultivating Industry Ecology for Decarbonization"
# (kind, minutes from the start, minutes long, title zh, title en, theme, speakers)
# speakers: (role, name, affiliation, job title, topic)
PROGRAMME: tuple[tuple[str, int, int, str, str, str, tuple[tuple[str, ...], ...]], ...] = (
    (SessionKind.OPENING, 0, 20, "开幕致辞", "Opening address", "", (
        (SpeakerRole.SPEAKER, "韩知远", "东江新区管理委员会（演示）", "副主任",
         "联盟的成立与东江新区的双碳工作"),
    )),
    (SessionKind.KEYNOTE, 20, 40, "以科技创新助力实现双碳目标", KEYNOTE_TECHNOLOGY,
     Theme.TECHNOLOGY, (
        (SpeakerRole.SPEAKER, "林澄远", "东江青岚低碳技术研究院（演示）", "院长",
         "节能降碳技术装备的推广与应用"),
    )),
    (SessionKind.KEYNOTE, 60, 40, "减污降碳协同增效政策的进展与挑战", KEYNOTE_POLICY,
     Theme.COORDINATED_REDUCTION, (
        (SpeakerRole.SPEAKER, "苏明岚", "东江澄湾能源环境研究院（演示）", "首席研究员",
         "协同控制氮氧化物、挥发性有机物与二氧化碳"),
    )),
    (SessionKind.BREAK, 100, 15, "茶歇", "Tea break", "", ()),
    (SessionKind.RECOGNITION, 115, 25, "绿色制造示范单位授牌", "Recognition of demonstration units",
     "", (
        (SpeakerRole.SPEAKER, "周若溪", "东江新区绿色低碳产业发展联盟秘书处（演示）", "秘书长",
         "宣读2025年度绿色制造示范单位名单"),
    )),
    (SessionKind.PANEL, 140, 50, "培育产业生态，助力降碳", PANEL, Theme.INDUSTRY_ECOLOGY, (
        (SpeakerRole.MODERATOR, "周若溪", "东江新区绿色低碳产业发展联盟秘书处（演示）", "秘书长",
         ""),
        (SpeakerRole.PANELLIST, "陈予安", "东江曜川新材料科技有限公司（演示）", "能源总监",
         "园区内的余热与固废循环利用"),
        (SpeakerRole.PANELLIST, "吴清和", "东江澄湾绿色发展银行（演示）", "绿色金融部总经理",
         "转型金融支持企业降碳"),
        (SpeakerRole.PANELLIST, "许静姝", "东江栖云节能协会（演示）", "会长",
         "社会组织如何服务中小企业降碳"),
    )),
)  # fmt: skip
SLIDES_TITLE = "以科技创新助力实现双碳目标（主旨报告幻灯片，演示）"
CONFERENCE_MINUTES = 9 * 60  # registration stays open until it ends
# (registrar, participants): "self", a colleague's username, or (name, e-mail, job title)
CONFERENCE_PARTICIPANTS: tuple[tuple[str, tuple[Any, ...]], ...] = (
    ("manager", (
        "self", "reporter",
        ("郑晓川", "zheng.xiaochuan@example.org", "安全环保部经理"),
        ("冯一鸣", "feng.yiming@example.org", "生产部主管"),
        ("蒋欣然", "jiang.xinran@example.org", "财务经理"),
    )),
    ("analyst", (
        "self",
        ("沈嘉木", "shen.jiamu@example.org", "授信审批经理"),
        ("韦思齐", "wei.siqi@example.org", "绿色金融分析师"),
    )),
    ("researcher", (
        "self",
        ("何以宁", "he.yining@example.org", "研究员"),
        ("罗星辰", "luo.xingchen@example.org", "博士后"),
    )),
)  # fmt: skip
CHECKED_IN = 7  # the first registrations, in registration order
TRAINING = {
    "kind": EventKind.TRAINING,
    "title_zh": "企业温室气体排放核算与报告培训（演示）",
    "title_en": "Training: corporate greenhouse gas accounting and reporting (demo)",
    "summary_zh": "按GB/T 32150核算企业温室气体排放，并在平台上报送活动数据。",
    "summary_en": "Accounting a company's greenhouse gas emissions by GB/T 32150 and reporting "
    "activity data on the platform.",
    "venue_zh": "东江新区企业服务中心培训室（演示）",
    "venue_en": "Training room, Dongjiang New Area Enterprise Service Centre (demo)",
    "address": f"{DISTRICT}示范路8号",
    "themes": [Theme.TECHNOLOGY],
}
TRAINING_CAPACITY = 8
TRAINING_DAYS = 14  # from the load, at 09:00 local time, three hours
TRAINING_PARTICIPANTS: tuple[tuple[str, tuple[Any, ...]], ...] = (
    (
        "manager",
        (
            "self",
            "reporter",
            ("郑晓川", "zheng.xiaochuan@example.org", "安全环保部经理"),
            ("冯一鸣", "feng.yiming@example.org", "生产部主管"),
            ("蒋欣然", "jiang.xinran@example.org", "财务经理"),
        ),
    ),
    (
        "researcher",
        (
            "self",
            ("何以宁", "he.yining@example.org", "研究员"),
            ("罗星辰", "luo.xingchen@example.org", "博士后"),
        ),
    ),
    (
        "analyst",
        (
            "self",
            ("沈嘉木", "shen.jiamu@example.org", "授信审批经理"),
        ),
    ),
)  # fmt: skip  (ten participants for eight seats: the last two wait)
SITE_VISIT = {
    "kind": EventKind.SITE_VISIT,
    "title_zh": "零碳工厂现场参观（演示）",
    "title_en": "Site visit: a zero-carbon factory (demo)",
    "summary_zh": "参观零碳工厂的屋顶光伏、储能和能源管理中心。",
    "summary_en": "The rooftop solar, storage and energy management centre of a zero-carbon "
    "factory.",
    "venue_zh": "东江新区云杉产业园（演示）",
    "venue_en": "Yunshan Industrial Park, Dongjiang New Area (demo)",
    "address": "云杉路1号",
    "capacity": 30,
    "themes": [Theme.TECHNOLOGY, Theme.INDUSTRY_ECOLOGY],
}
SITE_VISIT_DAYS = 30
SITE_VISIT_PARTICIPANTS: tuple[tuple[str, tuple[Any, ...]], ...] = (
    ("manager", ("self", ("冯一鸣", "feng.yiming@example.org", "生产部主管"))),
)
# (kind, public, audiences, title zh, title en, body zh, body en)
NOTICES: tuple[tuple[str, bool, tuple[str, ...], str, str, str, str], ...] = (
    ("policy", True, (),
     "关于印发《东江新区工业领域碳达峰实施方案》的通知（演示）",
     "Notice on the Dongjiang New Area's plan for peaking carbon in industry (demo)",
     "各有关单位：现将《东江新区工业领域碳达峰实施方案》印发给你们，请结合实际认真贯彻落实。"
     "本通知为演示数据，方案内容虚构。",
     "To all units concerned: the Dongjiang New Area's plan for peaking carbon in industry is "
     "issued herewith; please carry it out. This notice is demo data; the plan is fictional."),
    ("call", False, ("for_enterprises",),
     "关于组织申报2026年度东江新区零碳工厂的通知（演示）",
     "Call for applications: 2026 Dongjiang New Area zero-carbon factories (demo)",
     "请有意申报的会员企业在平台“评价”栏目提交申请并上传第三方碳盘查报告。本通知为演示数据。",
     "Member enterprises that wish to apply submit their application under Assessments on the "
     "platform with a third-party carbon inventory. This notice is demo data."),
    ("result", True, (),
     "2025年度东江新区绿色制造示范单位名单公告（演示）",
     "2025 Dongjiang New Area green manufacturing demonstration units announced (demo)",
     "经组织评审，现将2025年度东江新区绿色制造示范单位名单予以公告，名单见“示范单位”页面。"
     "本公告为演示数据。",
     "After the panel's review, the 2025 green manufacturing demonstration units are announced; "
     "the list is on the recognition page. This notice is demo data."),
)  # fmt: skip
# organisation numbers of the applicants' (fictional) credit codes, after the registry's
APPLICATIONS: tuple[dict[str, Any], ...] = (
    {
        "number": 20_001,
        "category": "1",
        "kind": "enterprise",
        "name_zh": "东江泓屿氢能科技有限公司（演示申请）",
        "name_en": "Dongjiang Hongyu Hydrogen Technology Co., Ltd. (demo applicant)",
        "industry_code": "C3841",
        "address": f"{DISTRICT}星河路18号",
        "contact_name": "钱书远",
        "contact_phone": "021-5555-0101",
        "contact_email": "qian.shuyuan@example.org",
        "standing": "member",
        "statement": "专注于工业副产氢提纯与储运，希望加入联盟参与园区能源协同。",
    },
    {
        "number": 20_002,
        "category": "3",
        "kind": "social_organisation",
        "name_zh": "东江沐川低碳生活促进会（演示申请）",
        "name_en": "Dongjiang Muchuan Low-Carbon Living Society (demo applicant)",
        "industry_code": "S9521",
        "address": f"{DISTRICT}兰苑路6号",
        "contact_name": "孙若楠",
        "contact_phone": "021-5555-0102",
        "contact_email": "sun.ruonan@example.org",
        "standing": "observer",
        "statement": "面向社区和中小企业开展低碳宣传与节能培训。",
        # the secretariat's question
        "ask": "请补充社会团体法人登记证书的有效期页及近一年的活动报告。",
    },
)
INVITATION_EMAIL = "lu.qingyang@example.org"
INVITATION_ROLE = "enterprise_reporter"

_USERNAMES = ("secretariat", "manager", "reporter", "analyst", "researcher")


def load(*, report: Any) -> None:
    """Load the alliance's story (see the module docstring); what exists is left alone."""
    users = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
    secretariat = users.get("secretariat")
    if secretariat is None:
        return
    with translation.override(LANGUAGE):
        start = conference_start()
        end = start + dt.timedelta(minutes=CONFERENCE_MINUTES)
        conference = _event(report, secretariat, CONFERENCE, start, end, closes=end)
        if conference is not None:
            _register(report, users, conference, CONFERENCE_PARTICIPANTS)
            _check_in(report, secretariat, conference)
        start = _local_day(TRAINING_DAYS, 9)
        training = _event(
            report, secretariat, TRAINING, start, start + dt.timedelta(hours=3),
            closes=start - dt.timedelta(days=1), capacity=TRAINING_CAPACITY,
        )  # fmt: skip
        if training is not None:
            _register(report, users, training, TRAINING_PARTICIPANTS)
        start = _local_day(SITE_VISIT_DAYS, 14)
        visit = _event(report, secretariat, SITE_VISIT, start, start + dt.timedelta(hours=2),
                       closes=start - dt.timedelta(days=2))  # fmt: skip
        if visit is not None:
            _register(report, users, visit, SITE_VISIT_PARTICIPANTS)
        _notices(report, secretariat)
        _applications(report, secretariat)
        _invitation(report, users)


def conference_start() -> dt.datetime:
    """The conference started an hour before the load, on the hour (local time)."""
    moment = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    return moment - dt.timedelta(hours=1)


def conference() -> Event | None:
    return Event.objects.filter(title_zh=CONFERENCE["title_zh"]).first()


def _local_day(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _event(
    report: Any,
    secretariat: User,
    spec: dict[str, Any],
    starts: dt.datetime,
    ends: dt.datetime,
    *,
    closes: dt.datetime,
    capacity: int | None = None,
) -> Event | None:
    """The event published with its agenda, or None when it exists already (its story is
    told)."""
    from greenledger.web.alliance.services.events import event_create, event_publish

    if Event.objects.filter(title_zh=spec["title_zh"]).exists():
        return None
    values = {k: v for k, v in spec.items() if k != "capacity"}
    event = event_create(
        actor=secretariat,
        **values,
        starts_at=starts,
        ends_at=ends,
        capacity=capacity if capacity is not None else spec.get("capacity"),
        registration_closes_at=closes,
    )
    if spec is CONFERENCE:
        _programme(secretariat, event)
    report.count("alliance events")
    return event_publish(actor=secretariat, event=event)


def _programme(secretariat: User, event: Event) -> None:
    from greenledger.web.alliance.services.event_agenda import (
        attachment_add,
        recognition_link,
        session_add,
        speaker_add,
    )

    call = RecognitionCall.objects.filter(
        title=RECOGNITION_TITLE, status=RecognitionStatus.PUBLISHED
    ).first()
    for kind, offset, minutes, title_zh, title_en, theme, speakers in PROGRAMME:
        starts = event.starts_at + dt.timedelta(minutes=offset)
        session = session_add(
            actor=secretariat, event=event, kind=kind, title_zh=title_zh, title_en=title_en,
            starts_at=starts, ends_at=starts + dt.timedelta(minutes=minutes), theme=theme,
        )  # fmt: skip
        for role, name, affiliation, title, topic in speakers:
            speaker_add(
                actor=secretariat, session=session, role=role, name=name,
                affiliation=affiliation, title=title, topic=topic,
            )  # fmt: skip
        if kind == SessionKind.RECOGNITION and call is not None:
            recognition_link(actor=secretariat, event=event, call=call, session=session)
        if title_en == KEYNOTE_TECHNOLOGY:  # over when the demo is loaded: its slides are up
            attachment_add(
                actor=secretariat, event=event, session=session, kind=AttachmentKind.SLIDES,
                title=SLIDES_TITLE, upload=io.BytesIO(demo_pdf("keynote slides")),
                filename="keynote-technology-slides.pdf",
            )  # fmt: skip


def _register(
    report: Any, users: dict[str, User], event: Event, participants: tuple[Any, ...]
) -> None:
    from greenledger.web.alliance.services.registrations import registration_create

    for registrar, people in participants:
        actor = users.get(registrar)
        if actor is None:
            continue
        for person in people:
            if person == "self":
                chosen: dict[str, Any] = {"user": actor}
            elif isinstance(person, str):
                if person not in users:
                    continue
                chosen = {"user": users[person]}
            else:
                name, email, job_title = person
                chosen = {"name": name, "email": email, "job_title": job_title}
            registration_create(actor=actor, event=event, language=LANGUAGE, **chosen)
            report.count("alliance registrations")


def _check_in(report: Any, secretariat: User, event: Event) -> None:
    from greenledger.web.alliance.services.registrations import registration_check_in

    for registration in event.registrations.order_by("registered_at", "id")[:CHECKED_IN]:
        registration_check_in(actor=secretariat, event=event, code=registration.code)
        report.count("alliance check-ins")


def _notices(report: Any, secretariat: User) -> None:
    from greenledger.web.alliance.services.notices import notice_create, notice_publish

    for kind, public, audiences, title_zh, title_en, body_zh, body_en in NOTICES:
        if Notice.objects.filter(title_zh=title_zh).exists():
            continue
        notice = notice_create(
            actor=secretariat, kind=kind, title_zh=title_zh, title_en=title_en, body_zh=body_zh,
            body_en=body_en, public=public, audiences=dict.fromkeys(audiences, True),
        )  # fmt: skip
        notice_publish(actor=secretariat, notice=notice)
        report.count("alliance notices")


def applicant_credit_code(spec: dict[str, Any]) -> str:
    return make_code(
        authority="9", category=spec["category"], division=DIVISION,
        org_body=f"{spec['number']:08d}",
    )  # fmt: skip


def _applications(report: Any, secretariat: User) -> None:
    from greenledger.web.alliance.services.applications import (
        DocumentUpload,
        application_submit,
    )

    for spec in APPLICATIONS:
        code = applicant_credit_code(spec)
        if JoinApplication.objects.filter(credit_code=code).exists():
            continue
        fields = {k: v for k, v in spec.items() if k not in {"number", "category", "ask"}}
        licence = DocumentUpload(
            kind="business_licence",
            upload=io.BytesIO(demo_pdf(f"business licence of {spec['name_en']}")),
            filename="business-licence.pdf",
        )
        submitted = application_submit(
            **fields, credit_code=code, district=DISTRICT, documents=[licence], language=LANGUAGE
        )
        report.count("alliance applications")
        if spec.get("ask"):
            _ask(secretariat, submitted.application, spec["ask"])


def _ask(secretariat: User, application: JoinApplication, question: str) -> None:
    from greenledger.web.alliance.services.application_review import application_request_info

    application_request_info(actor=secretariat, application=application, text=question)


def _invitation(report: Any, users: dict[str, User]) -> None:
    from greenledger.web.alliance.services.invitations import invitation_create

    manager = users.get("manager")
    if manager is None or manager.organisation is None:
        return
    if Invitation.objects.filter(email=INVITATION_EMAIL).exists():
        return
    invitation_create(
        actor=manager,
        organisation=manager.organisation,
        email=INVITATION_EMAIL,
        role=INVITATION_ROLE,
        language=LANGUAGE,
    )
    report.count("alliance invitations")
