"""Korean particles that depend on the word before them: 은/는, 이/가, 을/를, 과/와, 으로/로.

A particle follows the sound of the word's last syllable: with a final consonant (받침) it is
은, 이, 을, 과, 으로; without one 는, 가, 를, 와, 로 (and 로 after a final ㄹ too). Names often end
in Latin letters or digits ("3D", "Tech"): those are judged by how Koreans read them.
"""

PAIRS = {"은": "는", "이": "가", "을": "를", "과": "와", "으로": "로"}
# Digits read 영 일 이 삼 사 오 육 칠 팔 구: which end in a consonant, and in ㄹ.
_DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "3": "ㅁ", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ"}
# Letters read with a final consonant: 엘 엠 엔 알 (L M N R).
_LETTER_FINAL = {"l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "r": "ㄹ"}
_RIEUL = 8  # index of ㄹ among the final consonants


def final_consonant(word):
    """The final consonant the word ends on as Koreans say it ("ㄹ", "ㅁ"...), "" if none, or
    "" for a word with nothing to read."""
    for ch in reversed(str(word).strip()):
        if "가" <= ch <= "힣":
            index = (ord(ch) - ord("가")) % 28
            return "" if index == 0 else ("ㄹ" if index == _RIEUL else "ㄱ")
        if ch.isdigit():
            return _DIGIT_FINAL.get(ch, "")
        if ch.isalpha():
            return _LETTER_FINAL.get(ch.lower(), "")
        # punctuation and brackets ("(주)", "Co.") are skipped
    return ""


def with_particle(word, particle):
    """`word` followed by the right form of `particle` (given in either form):
    한빛카본은, 유니폼텍은, 케이머티리얼즈는, 3D로, 서울로."""
    consonant_form = next((c for c, v in PAIRS.items() if particle in (c, v)), None)
    if consonant_form is None:
        raise ValueError(f"unknown particle {particle!r}")
    vowel_form = PAIRS[consonant_form]
    final = final_consonant(word)
    if consonant_form == "으로":
        return f"{word}{'로' if final in ('', 'ㄹ') else '으로'}"
    return f"{word}{consonant_form if final else vowel_form}"


# Korean legal forms written into organisation names: "(주)한빛카본", "대경복합소재(주)". They are
# not part of the name people look for, sort by or recognise (matching, sorting, avatars).
LEGAL_FORMS = ("(주)", "㈜", "(재)", "(사)", "(유)", "주식회사", "유한회사")


def without_legal_form(name):
    """`name` without its legal form: "(주)카본웍스" → "카본웍스"."""
    for form in LEGAL_FORMS:
        name = name.replace(form, "")
    return name.strip()
