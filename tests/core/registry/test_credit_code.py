"""Golden cases for the Unified Social Credit Code check character (GB 32100-2015).

Worked by hand for 91350100M000100Y43 (a sample code used in public documentation):

    characters  9  1  3  5  0  1  0  0  M  0  0  0  1  0  0  Y  4
    values      9  1  3  5  0  1  0  0 21  0  0  0  1  0  0 30  4
    weights     1  3  9 27 19 26 16 17 20 29 25 13  8 24 10 30 28
    products    9  3 27 135 0 26  0  0 420 0  0  0  8  0  0 900 112   sum 1640
    1640 mod 31 = 28; 31 - 28 = 3  ->  check character "3"

and for 914403001922038216:
    products    9  3 36 108 0 78  0  0 20 261 50 26 0 72 80 60 28     sum 831
    831 mod 31 = 25; 31 - 25 = 6   ->  check character "6"
"""

from __future__ import annotations

import pytest

from greenledger.core.registry import credit_code


def test_the_weights_are_powers_of_three_modulo_31() -> None:
    assert credit_code.WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_the_alphabet_leaves_out_i_o_z_s_and_v() -> None:
    assert len(credit_code.ALPHABET) == 31
    assert not set("IOZSV") & set(credit_code.ALPHABET)


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("91350100M000100Y4", "3"),
        ("91440300192203821", "6"),
        ("00000000000000000", "0"),  # sum 0: 31 - 0 = 31, which wraps to 0
    ],
)
def test_the_check_character_matches_the_hand_computation(first17: str, check: str) -> None:
    assert credit_code.check_character(first17) == check


@pytest.mark.parametrize("code", ["91350100M000100Y43", "914403001922038216"])
def test_valid_codes_are_accepted(code: str) -> None:
    assert credit_code.problem(code) is None
    assert credit_code.is_valid(code)


def test_lower_case_and_blanks_are_normalised_before_checking() -> None:
    assert credit_code.is_valid(" 91350100m000100y43 ")
    assert credit_code.normalise("9135 0100 m000100Y43") == "91350100M000100Y43"


def test_a_wrong_check_character_names_the_right_one() -> None:
    found = credit_code.problem("914403001922038217")
    assert found is not None
    assert found.reason == "check_digit"
    assert found.expected == "6"
    assert "should be 6" in str(found)


@pytest.mark.parametrize(
    ("code", "reason", "position"),
    [
        ("91350100M000100Y4", "length", None),
        ("91350100M000100Y433", "length", None),
        ("91350100M0001O0Y43", "character", 14),  # the letter O is never used
        ("91350100I000100Y43", "character", 9),
        ("91AB0100M000100Y43", "division", 3),
    ],
)
def test_malformed_codes_are_refused_with_the_reason(
    code: str, reason: str, position: int | None
) -> None:
    found = credit_code.problem(code)
    assert found is not None
    assert found.reason == reason
    assert found.position == position


def test_generated_codes_are_valid_and_carry_a_valid_organisation_code() -> None:
    code = credit_code.make_code(
        authority="9", category="1", division="310199", org_body="00010001"
    )
    assert credit_code.is_valid(code)
    # GB 11714: weights 3 7 9 10 5 8 4 2 over 00010001: 10 + 2 = 12, mod 11 = 1, 11 - 1 = 10 -> X
    assert code[8:17] == "00010001X"
