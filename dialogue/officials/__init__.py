"""The officials' workspace: home page and management of a municipality's officials."""
