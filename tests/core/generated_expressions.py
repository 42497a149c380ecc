"""Random expressions as text, for property tests: smooth and finite at ``POINTS``."""

from hypothesis import strategies as st

SMOOTH_FUNCTIONS = ["sigmoid", "tanh", "exp", "sin", "cos", "softplus"]
POSITIVE_FUNCTIONS = ["log", "sqrt"]  # applied to arguments kept positive
POINTS = [-1.3, -0.4, 0.35, 0.9, 1.7]

leaves = st.one_of(
    st.just("x"),
    st.integers(1, 5).map(str),
    st.sampled_from(["0.5", "1.5", "pi", "e"]),
)


def _extend(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(children, children).map(lambda t: f"({t[0]}) / (2 + sigmoid({t[1]}))"),
        st.tuples(children, st.integers(2, 3)).map(lambda t: f"({t[0]})^{t[1]}"),
        st.tuples(st.sampled_from(SMOOTH_FUNCTIONS), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(POSITIVE_FUNCTIONS), children).map(
            lambda t: f"{t[0]}(1 + ({t[1]})^2)"
        ),
        children.map(lambda c: f"-({c})"),
    )


expressions = st.recursive(leaves, _extend, max_leaves=8)
