"""`field__any_of=[ids]`: membership in a long list of ids, sent as one parameter.

On PostgreSQL it is `field = ANY(%s)` with the list as one array: the figures of a few hundred
counts are thousands of ids, and as `IN (%s, %s, ...)` every id was a placeholder the driver
parsed and a parameter it adapted (half the time of those queries). Elsewhere it is `IN`.
"""

from django.db.models import Field, ForeignObject, Lookup
from django.db.models.lookups import In


@ForeignObject.register_lookup
@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False  # a list of plain ids, checked in `get_prep_lookup`

    def get_prep_lookup(self) -> list[int]:
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        return In(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, self.rhs]
