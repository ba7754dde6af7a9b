def answer_data(question, **fields) -> dict:
    """POST data for one question on a theme page (prefixed with the question id)."""
    prefix = f"q{question.pk}-"
    return {prefix + name: value for name, value in fields.items()}
