"""The Harmonized System's chapters (HS 2022), the category a buyer's customs broker and
sourcing team file a product under. A product stores its heading (4 digits) or subheading (6);
the catalogue groups and filters by the chapter, its first two digits. Names are short forms of
the WCO's chapter titles, in every language the site speaks."""

import re

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

CHAPTERS = {
    "01": _("Live animals"),
    "02": _("Meat"),
    "03": _("Fish and seafood"),
    "04": _("Dairy, eggs and honey"),
    "05": _("Other animal products"),
    "06": _("Live plants and flowers"),
    "07": _("Vegetables"),
    "08": _("Fruit and nuts"),
    "09": _("Coffee, tea and spices"),
    "10": _("Cereals"),
    "11": _("Milling products, malt and starches"),
    "12": _("Oil seeds and medicinal plants"),
    "13": _("Gums, resins and plant extracts"),
    "14": _("Vegetable plaiting materials"),
    "15": _("Animal and vegetable fats and oils"),
    "16": _("Prepared meat and fish"),
    "17": _("Sugars and confectionery"),
    "18": _("Cocoa and chocolate"),
    "19": _("Cereal, flour and bakery preparations"),
    "20": _("Prepared vegetables and fruit"),
    "21": _("Miscellaneous food preparations"),
    "22": _("Beverages and vinegar"),
    "23": _("Food industry residues and animal feed"),
    "24": _("Tobacco"),
    "25": _("Salt, sulphur, earths, stone and cement"),
    "26": _("Ores, slag and ash"),
    "27": _("Mineral fuels and oils"),
    "28": _("Inorganic chemicals"),
    "29": _("Organic chemicals"),
    "30": _("Pharmaceutical products"),
    "31": _("Fertilisers"),
    "32": _("Dyes, paints and inks"),
    "33": _("Essential oils, perfumes and cosmetics"),
    "34": _("Soaps, lubricants and waxes"),
    "35": _("Proteins, glues and enzymes"),
    "36": _("Explosives and pyrotechnics"),
    "37": _("Photographic goods"),
    "38": _("Miscellaneous chemical products"),
    "39": _("Plastics"),
    "40": _("Rubber"),
    "41": _("Raw hides, skins and leather"),
    "42": _("Leather goods and bags"),
    "43": _("Furskins"),
    "44": _("Wood and wood products"),
    "45": _("Cork"),
    "46": _("Basketware"),
    "47": _("Wood pulp"),
    "48": _("Paper and paperboard"),
    "49": _("Printed matter"),
    "50": _("Silk"),
    "51": _("Wool and animal hair"),
    "52": _("Cotton"),
    "53": _("Other vegetable textile fibres"),
    "54": _("Man-made filaments"),
    "55": _("Man-made staple fibres"),
    "56": _("Wadding, felt, nonwovens and ropes"),
    "57": _("Carpets"),
    "58": _("Special woven fabrics"),
    "59": _("Coated and technical textiles"),
    "60": _("Knitted fabrics"),
    "61": _("Knitted clothing"),
    "62": _("Woven clothing"),
    "63": _("Other made-up textiles"),
    "64": _("Footwear"),
    "65": _("Headgear"),
    "66": _("Umbrellas and walking sticks"),
    "67": _("Feathers and artificial flowers"),
    "68": _("Stone, plaster and cement articles"),
    "69": _("Ceramic products"),
    "70": _("Glass and glassware"),
    "71": _("Pearls, precious stones and metals"),
    "72": _("Iron and steel"),
    "73": _("Articles of iron or steel"),
    "74": _("Copper"),
    "75": _("Nickel"),
    "76": _("Aluminium"),
    "78": _("Lead"),
    "79": _("Zinc"),
    "80": _("Tin"),
    "81": _("Other base metals"),
    "82": _("Tools and cutlery"),
    "83": _("Miscellaneous articles of base metal"),
    "84": _("Machinery and mechanical appliances"),
    "85": _("Electrical machinery and electronics"),
    "86": _("Railway equipment"),
    "87": _("Vehicles and parts"),
    "88": _("Aircraft and spacecraft"),
    "89": _("Ships and boats"),
    "90": _("Optical, measuring and medical instruments"),
    "91": _("Clocks and watches"),
    "92": _("Musical instruments"),
    "93": _("Arms and ammunition"),
    "94": _("Furniture, bedding and lighting"),
    "95": _("Toys, games and sports equipment"),
    "96": _("Miscellaneous manufactured articles"),
    "97": _("Works of art and antiques"),
}

_CODE = re.compile(r"^\d{4}(\d{2})?$")


def normalise_hs_code(value):
    """ "8516.80" or "8516 80" → "851680"; "" stays ""; anything else is refused."""
    code = re.sub(r"[\s.\-]", "", value or "")
    if not code:
        return ""
    if not _CODE.match(code) or code[:2] not in CHAPTERS:
        raise ValidationError(
            _("Enter an HS heading (4 digits, such as 8516) or subheading (6 digits, 851680)."),
            code="hs_code",
        )
    return code


def chapter_choices():
    """(chapter, "84 · Machinery …") for a form's choices, named in the active language."""
    return [(code, format_lazy("{} · {}", code, name)) for code, name in CHAPTERS.items()]


def chapter_codes(text):
    """The known chapters among space-separated codes, in order."""
    return [code for code in (text or "").split() if code in CHAPTERS]


def chapter_label(chapter):
    name = CHAPTERS.get(chapter)
    return f"{chapter} · {name}" if name else ""


def formatted(code):
    """ "851680" → "8516.80", the way customs documents write it."""
    return f"{code[:4]}.{code[4:]}" if len(code) == 6 else code
