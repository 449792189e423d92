"""What live events show on other apps' pages (cluster_hub/panels.py)."""

from cluster_hub.panels import register_panel
from events import permissions, queries
from events.forms import ReplyForm, answer_prefix


def pitch_questions(request, *, pitch):
    """The questions asked on a pitch at the live event, with written answers.

    Pitchers answer the ones left open; reviewers and coordinators read them.
    """
    user = request.user
    if not permissions.can_see_pitch_questions(user, pitch):
        return None
    questions = list(queries.pitch_questions(pitch))
    moderates = {}  # event id -> may see who asked anonymously (moderators always may)
    rows = []
    for question in questions:
        question.pitch = pitch  # one pitch for all: no query per row
        event = question.session.event
        if event.pk not in moderates:
            moderates[event.pk] = permissions.can_moderate(user, event)
        shows_author = moderates[event.pk] or not question.anonymous
        rows.append(
            {
                "question": question,
                "author": question.author if shows_author else None,
                "form": (
                    ReplyForm(prefix=answer_prefix(question))
                    if permissions.can_answer_in_writing(user, question)
                    else None
                ),
            }
        )
    if not rows:
        return None
    return {
        "questions": rows,
        "open_count": sum(1 for row in rows if not row["question"].answered),
    }


def upcoming_events(request, *, cluster):
    """The panel of a mini-cluster page listing the next events it hosts."""
    return {"events": queries.upcoming_for_cluster(cluster)}


register_panel(
    "forums.pitch_detail", template="events/includes/pitch_questions.html", context=pitch_questions
)
register_panel(
    "clusters.cluster_page",
    template="events/includes/upcoming_events.html",
    context=upcoming_events,
)
