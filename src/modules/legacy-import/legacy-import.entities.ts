import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ProjectEntity } from '../projects/project.entity';

/** The organization a grouping key of the legacy import became (migration LegacyImport1764900000000). */
@Entity('legacy_org_keys')
@Index('ix_legacy_org_keys_org', ['orgId'])
export class LegacyOrgKeyEntity {
  /** "owner:<email>" or "domain:<domain>". */
  @PrimaryColumn({ name: 'group_key', type: 'varchar', length: 400, primaryKeyConstraintName: 'pk_legacy_org_keys' })
  groupKey: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_legacy_org_keys_org' })
  organization?: OrganizationEntity;
}

/** A legacy project that was imported. project_id becomes NULL if the project is deleted later (it stays imported). */
@Entity('legacy_project_imports')
@Index('ix_legacy_project_imports_project', ['projectId'])
export class LegacyProjectImportEntity {
  @PrimaryColumn({ name: 'legacy_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_legacy_project_imports' })
  legacyId: string;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId: string | null;

  /** The organization it was imported into (history: no foreign key). */
  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ name: 'group_key', type: 'varchar', length: 400 })
  groupKey: string;

  @CreateDateColumn({ name: 'imported_at', type: 'timestamptz' })
  importedAt: Date;

  @ManyToOne(() => ProjectEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_legacy_project_imports_project' })
  project?: ProjectEntity | null;
}

/** A legacy project member that was imported, so later runs add only members new to the file. */
@Entity('legacy_project_member_imports')
export class LegacyMemberImportEntity {
  @PrimaryColumn({ name: 'legacy_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_legacy_project_member_imports' })
  legacyId: string;

  @PrimaryColumn({ type: 'varchar', length: 320, primaryKeyConstraintName: 'pk_legacy_project_member_imports' })
  email: string;

  @CreateDateColumn({ name: 'imported_at', type: 'timestamptz' })
  importedAt: Date;

  @ManyToOne(() => LegacyProjectImportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'legacy_id', foreignKeyConstraintName: 'fk_legacy_project_member_imports_import' })
  projectImport?: LegacyProjectImportEntity;
}
