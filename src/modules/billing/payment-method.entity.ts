import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OrganizationEntity } from '../organizations/organization.entity';

/**
 * An organization's payment method: a reference to the payment processor's token plus what a person needs to
 * recognise the card. The card number itself never reaches this service.
 */
@Entity('payment_methods')
@Check('ck_payment_methods_last4', `last4 ~ '^[0-9]{4}$'`)
@Check('ck_payment_methods_exp_month', `exp_month BETWEEN 1 AND 12`)
export class PaymentMethodEntity {
  @PrimaryColumn({ name: 'org_id', type: 'uuid', primaryKeyConstraintName: 'pk_payment_methods' })
  orgId: string;

  @Column({ name: 'processor_token', type: 'varchar', length: 255 })
  processorToken: string;

  @Column({ type: 'varchar', length: 32 })
  brand: string;

  @Column({ type: 'varchar', length: 4 })
  last4: string;

  @Column({ name: 'exp_month', type: 'smallint' })
  expMonth: number;

  @Column({ name: 'exp_year', type: 'smallint' })
  expYear: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_payment_methods_org' })
  organization?: OrganizationEntity;
}
