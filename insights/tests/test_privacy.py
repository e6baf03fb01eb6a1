import datetime as dt

from insights.models import ActiveMemberDay, ActiveMemberMonth
from insights.services import active_member_day_record
from members.privacy import account_delete, account_export
from members.tests.factories import UserFactory


def test_a_member_downloads_the_days_they_were_active_and_they_go_with_the_account(member):
    other = UserFactory()
    for user in (member, other):
        active_member_day_record(user=user, day=dt.date(2026, 11, 3))
    active_member_day_record(user=member, day=dt.date(2026, 11, 1))
    ActiveMemberMonth.objects.create(month=dt.date(2026, 11, 1), member=member, days=0b101)
    assert account_export(user=member)["active_days"] == ["2026-11-01", "2026-11-03"]
    account_delete(user=member)
    assert list(ActiveMemberDay.objects.values_list("member", flat=True)) == [other.pk]
    assert not ActiveMemberMonth.objects.exists()
