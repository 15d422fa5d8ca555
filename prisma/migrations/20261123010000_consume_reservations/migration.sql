-- AlterEnum
ALTER TYPE "reservation_status" ADD VALUE 'CONSUMED';
