"""The API's JSON renderer. The parser refuses lone surrogates, but a value
read back from elsewhere (an old row, a header) must not turn a response
into a 500: such text is written with JSON escapes instead."""

from rest_framework import renderers


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            self.ensure_ascii = True  # this renderer instance serves this one response
            return super().render(data, accepted_media_type, renderer_context)
