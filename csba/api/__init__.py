"""What every API view shares: the JSON parser and renderer, the error
responses of the schema, token authentication and the throttles."""
