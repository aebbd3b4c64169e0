"""Forum pages, by what they do: `reading` (boards, lists, threads, search), `writing`
(posting, reactions, follows), `managing` (moderating threads, boards); `common` holds
what they share. Each view parses its input, asks `permissions` for the object, calls one
action or read and renders."""
