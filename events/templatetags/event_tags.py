"""Event panels shown on other apps' pages."""

from django import template

from events import permissions, queries
from events.forms import ReplyForm, answer_prefix

register = template.Library()


@register.inclusion_tag("events/includes/pitch_questions.html", takes_context=True)
def pitch_questions(context, pitch):
    """The questions asked on a pitch at the live event, with written answers.

    Pitchers answer the ones left open; reviewers and coordinators read them.
    """
    user = context["request"].user
    if not permissions.can_see_pitch_questions(user, pitch):
        return {"questions": []}
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
    return {
        "questions": rows,
        "open_count": sum(1 for row in rows if not row["question"].answered),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("events/includes/upcoming_events.html")
def upcoming_events(cluster):
    """The panel of a mini-cluster page listing the next events it hosts."""
    return {"events": queries.upcoming_for_cluster(cluster)}
