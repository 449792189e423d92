from cluster_hub import page_cache


def page_generation(request):
    """The content generation, for `{% cache %}` fragments shared between people: a fragment
    keyed on it is rebuilt after any content change (cluster_hub/page_cache.py)."""
    return {"page_generation": page_cache.generation}
