import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context';
import { worksCase } from '../cases/case-access';
import { CaseNode } from '../cases/case.types';
import { recordPersonalDataRead } from '../privacy/personal-data-read';
import { CaseContact } from './email.entities';

@Resolver(() => CaseNode)
export class CaseContactResolver {
  @FieldResolver(() => [String], {
    nullable: true,
    description:
      "STAFF ONLY. E-mail addresses of the residents who reported the case by e-mail, oldest first. Null for viewers who do not work the case: only administrators, and agents and department managers of the case's department (of any department while the case has none), read it. Each read is recorded in the audit trail.",
  })
  async reporterContacts(@Root() node: CaseNode, @Ctx() ctx: RequestContext): Promise<string[] | null> {
    if (!worksCase(ctx.viewer, node.department)) {
      return null;
    }

    // The read and its audit entry commit together, so no staff read goes unrecorded.
    return ctx.em.transactional(async (tx) => {
      const contacts = await tx.find(CaseContact, { serviceCase: node.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      await recordPersonalDataRead(tx, ctx.viewer, {
        subjectType: 'service_case',
        subjectId: node.id,
        fields: ['reporterContacts'],
        reason: null,
      });

      return contacts.map((contact) => contact.address);
    });
  }
}
