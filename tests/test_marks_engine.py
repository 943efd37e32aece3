"""The similarity engine (app/marks): phonetic merges one by one, and the labelled pairs its
thresholds and weights are tuned against (app/data/mark_settings.csv)."""
import pytest

from app.marks.normalize import exact, folded, without
from app.marks.phonetics import merges, skeleton, sound_keys, syllable_key
from app.marks.scoring import HIGH, LOW, MEDIUM, classify, compare, goods_score, risk_level

#: one pair of syllables per merge of app/data/mark_phonetics.csv, told apart only by that merge
MERGE_PAIRS = [
    ("initial", "d", "gi", "Dao", "Giao"), ("initial", "gi", "r", "Giang", "Rang"),
    ("initial", "r", "v", "Rui", "Vui"), ("initial", "v", "d", "Vân", "Dân"),
    ("initial", "tr", "ch", "Trà", "Chà"), ("initial", "s", "x", "Sen", "Xen"),
    ("initial", "n", "l", "Nam", "Lam"), ("initial", "c", "k", "Cim", "Kim"),
    ("initial", "q", "c", "Quốc", "Cuốc"), ("initial", "ph", "f", "Phở", "Fở"),
    ("initial", "gh", "g", "Ghê", "Gê"), ("initial", "ngh", "ng", "Nghệ", "Ngệ"),
    ("final", "n", "ng", "Bản", "Bảng"), ("final", "t", "c", "Mát", "Mác"),
    ("vowel", "y", "i", "Lý", "Lí"),
]


@pytest.mark.parametrize("position, one, other, word_a, word_b", MERGE_PAIRS)
def test_each_merge_gives_one_key(position, one, other, word_a, word_b):
    table = merges()[position]
    assert table.get(one, one) == table.get(other, other)
    assert syllable_key(word_a) == syllable_key(word_b)


def test_every_merge_of_the_data_is_tested():
    tested = {(p, s) for p, a, b, *_ in MERGE_PAIRS for s in (a, b)}
    listed = {(position, spelling) for position, table in merges().items() for spelling in table
              if spelling not in {"ch", "x", "l", "k", "f", "ng", "t"}}  # each the key of its group
    assert listed <= tested


@pytest.mark.parametrize("word_a, word_b", [("Đào", "Dao"), ("Ba", "Bo"), ("Lan", "Lam"), ("Tân", "Thân"),
                                            ("Nhung", "Dung"), ("Hát", "Háp")])
def test_sounds_left_apart_get_different_keys(word_a, word_b):
    assert syllable_key(word_a) != syllable_key(word_b)


def test_tones_are_ignored_and_vowels_kept():
    assert syllable_key("Cầu") == syllable_key("Câu") == syllable_key("cấu")
    assert syllable_key("Cầu") != syllable_key("Cau")  # â and a are two vowels
    assert sound_keys("Gạo Số 1") == [syllable_key("gạo"), syllable_key("số"), "1"]


def test_foreign_words_get_a_consonant_skeleton():
    assert syllable_key("Coffee") == syllable_key("Kofi") == "~" + skeleton("coffee")
    assert syllable_key("Food") != syllable_key("Phở")  # never mixed with Vietnamese keys
    assert skeleton("phil") == skeleton("fil") and skeleton("zen") == skeleton("sen")
    assert skeleton("farm") != skeleton("film")


def test_spelling_forms():
    assert exact("  Khóm   CẦU-Đúc ") == "khóm cầu đúc"
    assert folded("Khóm Cầu Đúc") == folded("KHOM CAU DUC") == "khom cau duc"
    assert without(["nước", "mắm", "Phú", "Quốc"], frozenset({"nuoc mam"})) == ["Phú", "Quốc"]


def test_goods_scores_come_from_the_table():
    assert goods_score([30], [30]) == 100
    assert goods_score([29], [30]) == 80
    assert goods_score([30], [43]) == 70
    assert goods_score([3], [30]) == 40
    assert goods_score([], [30]) == 100


def test_risk_levels():
    assert (risk_level(90), risk_level(75), risk_level(60), risk_level(40)) == (HIGH, MEDIUM, LOW, None)


GENERIC = frozenset({"ca phe", "gao", "nuoc mam", "mat ong", "tra", "khom", "buoi", "dac san", "ngon"})

#: (sign, earlier mark, classes of the sign, classes of the earlier mark, expected), at least 60,
#: each rule covered: accents, case, spacing, word order, each phonetic merge, generic words, foreign
#: words, goods same/related/unrelated, and plainly different signs
LABELLED = [
    # identical: the same words, accents, case, punctuation aside, same class
    ("Khóm Cầu Đúc", "KHOM CAU DUC", [31], [31], "identical"),
    ("Khóm Cầu Đúc", "Khóm Cầu Đức", [31], [31], "identical"),
    ("Mật ong Bạc Hà", "MẬT ONG BẠC HÀ", [30], [30], "identical"),
    ("Ba Lúa", "Ba Lụa", [30], [30], "identical"),
    ("Sao Mai", "sao mai", [29], [29, 30], "identical"),
    ("Hương Quê", "Huong Que", [30], [30], "identical"),
    ("Đồng Tháp Mười", "DONG THAP MUOI", [30], [30], "identical"),
    ("Vĩnh Kim", "Vinh-Kim", [31], [31], "identical"),
    ("Út Hiền", "ÚT HIỀN", [30], [30], "identical"),
    ("An Phú", "An Phu", [30, 31], [31], "identical"),
    ("Bà Ba", "BÀ BA", [25], [25], "identical"),
    ("Tâm Đức", "Tam Duc", [5], [5], "identical"),
    # confusing: spacing and word order
    ("Cầu Đúc", "CauDuc", [31], [31], "confusing"),
    ("Thanh Long", "Long Thanh", [31], [31], "confusing"),
    ("Hòa Lộc", "Lộc Hòa", [31], [31], "confusing"),
    ("Việt Xanh", "VietXanh", [30], [30], "confusing"),
    # confusing: a merge of initials
    ("Giang Sơn", "Vang Sơn", [30], [30], "confusing"),
    ("Rạng Đông", "Dạng Đông", [30], [30], "confusing"),
    ("Dì Ba", "Rì Ba", [30], [30], "confusing"),
    ("Vạn Lộc", "Dạn Lộc", [30], [30], "confusing"),
    ("Trung Nguyên", "Chung Nguyên", [30], [30], "confusing"),
    ("Sơn Hà", "Xơn Hà", [30], [30], "confusing"),
    ("Nam Phong", "Lam Phong", [30], [30], "confusing"),
    ("Kim Ngân", "Cim Ngân", [14], [14], "confusing"),
    ("Quê Hương", "Cuê Hương", [30], [30], "confusing"),
    ("Phúc An", "Fúc An", [33], [33], "confusing"),
    ("Ghềnh Đá", "Gềnh Đá", [31], [31], "confusing"),
    ("Nghĩa Tín", "Ngĩa Tín", [30], [30], "confusing"),
    # confusing: a merge of finals or of i/y
    ("Bản Làng", "Bảng Làng", [30], [30], "confusing"),
    ("Phát Lộc", "Phác Lộc", [30], [30], "confusing"),
    ("Mỹ Lệ", "Mĩ Lệ", [3], [3], "confusing"),
    ("Huyền Thy", "Huyền Thi", [3], [3], "confusing"),
    # confusing: one word whole inside the other, or equal once generic words are gone
    ("Cà phê Trung Nguyên", "Trung Nguyên", [30], [30], "confusing"),
    ("Gạo Hồng Dân", "Hồng Dân", [30], [30], "confusing"),
    ("Nước mắm Út Hiền", "Út Hiền", [30], [30], "confusing"),
    ("Khóm Cầu Đúc đặc sản", "Cầu Đúc", [31], [31], "confusing"),
    ("Mật ong Hoa Rừng", "Hoa Rừng", [30], [30], "confusing"),
    # confusing: foreign words that sound alike
    ("Coffee House", "Kofi House", [43], [43], "confusing"),
    ("Happy Food", "Hapi Fud", [29], [29], "confusing"),
    ("Green Farm", "Grin Pharm", [31], [31], "confusing"),
    # confusing: a small typo
    ("Vinamilk", "Vinamil", [29], [29], "confusing"),
    ("Sa Giang", "Sa Giangg", [30], [30], "confusing"),
    ("Tâm", "Thâm", [30], [30], "confusing"),
    # confusing: same sign, related classes
    ("Sao Mai", "Sao Mai", [29], [30], "confusing"),
    ("Hương Rừng", "Hương Rừng", [32], [33], "confusing"),
    ("Bếp Quê", "Bếp Quê", [30], [43], "confusing"),
    ("Thảo Mộc Xanh", "Thảo Mộc Xanh", [3], [5], "confusing"),
    # different: same sign, unrelated classes
    ("Sao Mai", "Sao Mai", [30], [25], "different"),
    ("Hoa Sen", "Hoa Sen", [3], [30], "different"),
    ("Bình An", "Bình An", [20], [33], "different"),
    # different: sharing one common word only
    ("Bình Minh", "Bình An", [30], [30], "different"),
    ("Hoa Sen", "Hoa Mai", [30], [30], "different"),
    ("Hương Sen", "Hương Quê", [30], [30], "different"),
    ("Cà phê Trung Nguyên", "Cà phê Phúc Long", [30], [30], "different"),
    ("Gạo Hồng Dân", "Gạo Bảy Núi", [30], [30], "different"),
    # different: plainly other signs
    ("Mộc Châu", "Phú Quốc", [30], [30], "different"),
    ("An", "An Phát", [30], [30], "different"),
    ("Út Hiền", "Năm Roi", [30], [30], "different"),
    ("Khóm Cầu Đúc", "Vải Thanh Hà", [31], [31], "different"),
    ("Tân Cương", "Thái Nguyên", [30], [30], "different"),
    ("Coffee House", "Tea Garden", [43], [43], "different"),
    ("Đào", "Vào", [31], [31], "different"),  # đ is not d, so not merged with v
    ("Lan", "Lam", [3], [3], "different"),
    ("Tâm", "Hưng", [30], [30], "different"),
    ("Nhung", "Dung", [24], [24], "different"),
]


def test_the_labelled_set_is_large_enough_and_covers_each_label():
    assert len(LABELLED) >= 60
    assert {label for *_, label in LABELLED} == {"identical", "confusing", "different"}


@pytest.mark.parametrize("sign, earlier, classes, earlier_classes, expected", LABELLED)
def test_labelled_pairs(sign, earlier, classes, earlier_classes, expected):
    assert classify(sign, earlier, classes, earlier_classes, GENERIC) == expected, \
        compare(sign, earlier, classes, earlier_classes, GENERIC)
