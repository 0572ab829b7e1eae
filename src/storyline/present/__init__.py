"""Presentation shared by the web app and the offline report (both read it; it reads neither):
numbers as a reader writes them, a body cut into highlighted segments, the sentence around an
offset, the timeline chart of a fact."""
