"""The OpenAPI 3.1 description of the push API, written by hand to match `ingest.push`."""

from __future__ import annotations

from typing import Any

__all__ = ["openapi_document"]


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi_document(max_bytes: int) -> dict[str, Any]:
    """The API description, with the server's size limit filled in."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Watchbot document push",
            "version": "1",
            "description": "Send documents to Watchbot to be scanned for watched names.",
        },
        "paths": {
            "/documents": {
                "post": {
                    "summary": "Submit one document",
                    "operationId": "postDocument",
                    "security": [{"bearer": []}],
                    "requestBody": {
                        "required": True,
                        "description": f"At most {max_bytes} bytes.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Document"}
                            }
                        },
                    },
                    "responses": {
                        "202": {
                            "description": "Stored (or recognised as a duplicate)",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Accepted"}
                                }
                            },
                        },
                        "401": _error("Missing or wrong bearer token"),
                        "413": _error(f"Body larger than {max_bytes} bytes"),
                        "422": _error("Invalid JSON or fields; `problems` lists each one"),
                        "500": _error("The document could not be stored"),
                        "503": _error("Push is disabled on this server"),
                    },
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Liveness check",
                    "operationId": "healthz",
                    "responses": {"200": {"description": "The server answers"}},
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Document": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "url": {"type": "string", "format": "uri", "maxLength": 2048},
                        "title": {"type": "string", "maxLength": 1000},
                        "text": {"type": "string", "description": "Plain text"},
                        "html": {
                            "type": "string",
                            "description": "HTML; its main text is extracted. Used if no text.",
                        },
                        "published": {
                            "type": "string",
                            "description": "ISO 8601 date or date-time; UTC if no zone",
                            "examples": ["2026-11-27T09:30:00Z"],
                        },
                        "source": {
                            "type": "string",
                            "maxLength": 256,
                            "description": "Label shown to users (default: push)",
                        },
                    },
                    "anyOf": [{"required": ["text"]}, {"required": ["html"]}],
                },
                "Accepted": {
                    "type": "object",
                    "required": ["status", "document_id"],
                    "properties": {
                        "status": {"type": "string", "enum": ["accepted", "duplicate"]},
                        "document_id": {"type": "integer"},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {"type": "string"},
                        "problems": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
    }
