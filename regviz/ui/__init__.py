"""The Streamlit glue: controls, URL state, cache wrappers, page helpers."""
