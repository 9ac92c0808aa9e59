"""The privacy notice kept in step with the register.

`text` reads a notice (Markdown or HTML) into positioned sentences and refuses bad input; `extract` finds what a
notice says (third parties, entities, countries, mechanisms, bases, retention, cookie categories); the rules in
`ropa.checks.notice` compare that with a Register snapshot; `compare` runs them as of the notice's date and today;
`generate` writes the Art. 13/14 notice from a snapshot.
"""
