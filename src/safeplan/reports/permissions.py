"""Who may see which figures.

- The team dashboard and the Victims' Code compliance figures: a team's supervisor, for their
  own team's cases only (each figure links to the cases behind it, which they may open).
- Neighbourhood figures, force-wide and always small-number suppressed: supervisors of a
  police force. They carry no names, references, days or places finer than the area, so they
  may go into a neighbourhood profile.
- The MARAC return of an area: the area's coordinators.
- The Clare's Law return: whoever may see the Clare's Law figures (safeplan.disclosure).
No other role sees force-wide counts: an officer or IDVA sees their own work through their
lists, and an agency admin manages accounts, not cases.
"""

from __future__ import annotations

from safeplan.accounts.models import Agency, Role, User
from safeplan.cases.permissions import is_caseworker
from safeplan.disclosure.permissions import can_see_figures
from safeplan.marac.models import MaracArea


def can_see_team_figures(user: User) -> bool:
    return bool(is_caseworker(user) and user.role == Role.SUPERVISOR and user.team_id is not None)


def can_see_neighbourhood_figures(user: User) -> bool:
    return bool(
        is_caseworker(user)
        and user.role == Role.SUPERVISOR
        and user.agency is not None
        and user.agency.kind == Agency.Kind.POLICE
    )


def can_see_clares_law_return(user: User) -> bool:
    return can_see_figures(user)


def coordinated_areas(user: User) -> list[MaracArea]:
    if not is_caseworker(user) or user.role != Role.MARAC_COORDINATOR:
        return []
    return list(MaracArea.objects.filter(coordinators=user).order_by("name"))


def can_see_any_report(user: User) -> bool:
    return (
        can_see_team_figures(user)
        or can_see_neighbourhood_figures(user)
        or can_see_clares_law_return(user)
        or (is_caseworker(user) and user.role == Role.MARAC_COORDINATOR)
    )
