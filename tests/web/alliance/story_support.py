"""The alliance story's data for tests: the parts of ``members.demo.demo_load`` the story
stands on (the registry, the accounts, the published recognition list), then the story."""

from __future__ import annotations

from greenledger.web.members.demo import DemoReport


def build_alliance_story() -> DemoReport:
    """Members, accounts, assessments, then ``alliance.demo.load``, in one transaction: the
    alliance story in a few seconds instead of the whole district (``demo_load`` also builds
    the district accounts, plans, finance, ecology and products, which the story does not use;
    it calls ``alliance.demo.load`` last)."""
    from django.db import transaction

    from greenledger.web.accounts import demo_accounts
    from greenledger.web.alliance import demo
    from greenledger.web.assessments import demo as assessments_demo
    from greenledger.web.members import demo as members_demo

    with transaction.atomic():
        loader = members_demo._Loader()
        report = loader.load()
        homes = members_demo.demo_users(loader.orgs)
        demo_accounts.load(report=report, organisations=loader.orgs, homes=homes)
        assessments_demo.load(report=report)
        demo.load(report=report)
    return report
