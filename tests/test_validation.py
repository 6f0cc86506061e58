"""The shared input checks: right values pass, wrong ones name the parameter and range."""

import numpy as np
import pytest

from policing_lab import _validation as v


@pytest.mark.parametrize("value", [0, 5, np.int64(3)])
def test_check_int_accepts_integers(value):
    assert v.check_int(value, "days", low=0) == int(value)


@pytest.mark.parametrize(
    "value, message",
    [
        (-1, r"days must be an integer >= 0; got -1"),
        (3.0, r"days must be an integer >= 0; got 3.0"),
        (True, r"days must be an integer >= 0; got True"),
        ("3", r"days must be an integer >= 0; got '3'"),
        (None, r"days must be an integer >= 0; got None"),
    ],
)
def test_check_int_rejects(value, message):
    with pytest.raises(ValueError, match=message):
        v.check_int(value, "days", low=0)


def test_check_int_upper_bound_message():
    with pytest.raises(ValueError, match=r"n must be an integer in \[1, 10\]; got 11"):
        v.check_int(11, "n", low=1, high=10)


@pytest.mark.parametrize("value", [0, 1, 0.5, np.float32(0.25)])
def test_check_probability_accepts(value):
    assert v.check_probability(value, "p") == pytest.approx(float(value))


@pytest.mark.parametrize("value", [-0.01, 1.01, float("nan"), float("inf"), "0.5", None, True])
def test_check_probability_rejects(value):
    with pytest.raises(ValueError, match=r"p must be a probability in \[0, 1\]"):
        v.check_probability(value, "p")


def test_check_number_open_interval():
    assert v.check_number(0.1, "rate", low=0, low_open=True) == 0.1
    with pytest.raises(ValueError, match=r"rate must be a number > 0; got 0.0"):
        v.check_number(0, "rate", low=0, low_open=True)
    with pytest.raises(ValueError, match=r"rate must be a number in \[0, 2\)"):
        v.check_number(2, "rate", low=0, high=2, high_open=True)
    with pytest.raises(ValueError, match="rate must be a number finite"):
        v.check_number(float("inf"), "rate")


def test_check_array_checks_every_element_and_length():
    arr = v.check_array([0.1, 0.2], "reporting", low=0, high=1, length=2)
    assert arr.dtype == float and arr.tolist() == [0.1, 0.2]
    with pytest.raises(
        ValueError, match=r"every element of reporting must be in \[0, 1\]; found 1.5"
    ):
        v.check_array([0.1, 1.5], "reporting", low=0, high=1)
    with pytest.raises(ValueError, match="reporting must have length 3; got length 2"):
        v.check_array([0.1, 0.2], "reporting", length=3)
    with pytest.raises(ValueError, match="reporting must be a 1-dimensional array"):
        v.check_array([[0.1]], "reporting")
    with pytest.raises(ValueError, match="reporting must be an array of numbers"):
        v.check_array(["a", "b"], "reporting")
    with pytest.raises(ValueError, match="reporting must be an array of numbers"):
        v.check_array([True, False], "reporting")
    with pytest.raises(ValueError, match="counts must contain whole numbers only"):
        v.check_array([1.5], "counts", integer=True)
    with pytest.raises(ValueError, match="every element of x must be finite"):
        v.check_array([np.nan], "x")


def test_check_rng_seed_and_generator():
    a = v.check_rng(seed=7).random(3)
    b = v.check_rng(seed=7).random(3)
    assert np.array_equal(a, b)
    gen = np.random.default_rng(1)
    assert v.check_rng(rng=gen) is gen
    with pytest.raises(ValueError, match="either seed or rng"):
        v.check_rng(seed=1, rng=gen)
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        v.check_rng(rng=np.random.RandomState(0))
    with pytest.raises(ValueError, match="seed must be an integer >= 0"):
        v.check_rng(seed=-3)


def test_check_choice_and_bool():
    assert v.check_choice("a", "mode", ["a", "b"]) == "a"
    with pytest.raises(ValueError, match="mode must be one of 'a', 'b'; got 'c'"):
        v.check_choice("c", "mode", ["a", "b"])
    with pytest.raises(ValueError, match="mode must be one of"):
        v.check_choice([1], "mode", ["a"])
    assert v.check_bool(False, "flag") is False
    with pytest.raises(ValueError, match="flag must be True or False; got 1"):
        v.check_bool(1, "flag")


def test_check_binary_accepts_bools_and_names_what_it_checks():
    assert v.check_binary([True, False, True], "y").tolist() == [1, 0, 1]
    assert v.check_binary(np.array([0.0, 1.0]), "y").dtype == np.int8
    with pytest.raises(ValueError, match="outcome must hold binary outcomes 0 or 1.*found 0.5"):
        v.check_binary([0, 0.5], "outcome", what="outcomes")
    with pytest.raises(ValueError, match="y"):
        v.check_binary([], "y")
