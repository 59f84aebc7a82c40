"""Questions about the link graph: queries, link suggestions, exports, the HTML picture."""
